## record = gradient_check (X, Y, params, options, masks, directions)
##
## Compare the analytic gradient (backward_propagation) with two-sided finite differences
## approx_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) over the components i of the
## flat parameter vector theta, eps = options.grad_check_epsilon; lambd, keep_prob (with the
## fixed dropout MASKS, 1 x (L-1) cell, {} without dropout) and the activations are those of
## OPTIONS, exactly as for the analytic gradient (docs/CONTRACT.md, "Gradient check: one
## algorithm in three languages"). The steps, each its own helper:
##  1. validate once; forward + backward at theta: grad (P x 1), caches;
##  2. finite_difference_noise: eta, the rounding noise of one quotient;
##  3. the approximation by options.grad_check_mode:
##     "plain"  plain_gradient_approximation, the reference loop: two full forward passes
##              through compute_cost (cost_at) per component;
##     "full"   (default) full_gradient_approximation: the same numbers to rounding, far
##              cheaper: a component of W_l or b_l changes one row of Z_l, pushed into Z_{l+1}
##              as a rank-one term; only the examples whose row of A_l really moves (not an
##              inactive relu unit at both +-eps, not a dropped unit) run through the later
##              layers, the versions' moved columns stacked side by side as one matrix
##              (stacked_row_change, moved_stack, stacked_forward_from_layer); with a
##              softmax output, a change that reaches the logits as a rank-one term gets its
##              loss from a series instead (loss_expansion, expanded_losses: one log1p per
##              moved column, not n_L exps); stacked_costs adds their change of loss to the
##              unperturbed cost;
##     "fast"   fast_gradient_approximation: per tensor, K directions compare g' d with the
##              finite-difference directional derivative; a tensor whose worst direction
##              exceeds 1e-5 beyond its noise falls back to the full per-component check.
##     DIRECTIONS is the fast mode's P x K matrix of -1/+1 (column k one direction over the flat
##     vector); omitted or empty, it is drawn from Octave's rand (seeded with options.seed when
##     given) with K = options.grad_check_directions.
##     Kinks (relu / leaky_relu hidden layers): a component whose +-eps perturbation moves a
##     hidden pre-activation across 0 (z > 0 vs z <= 0) is left out of the compared pairs.
##  4. summarise_check: the record, with fields
##     difference, difference_all  ||g - a|| / (||g|| + ||a||) over the compared pairs (kept
##                         components and directional pairs), and with the kinks
##     error, noise        ||g - a|| over those pairs, and eta sqrt(their number)
##     verdict             gradient_verdict: correct / passes / indeterminate / suspicious / bug
##     tensor_differences, tensor_errors, tensor_noise   the same per tensor (dW1, db1, ...)
##     tensor_modes        per tensor "full" or "directional"
##     grad, gradapprox    P x 1 in the canonical order ("fast": NaN on directional tensors)
##     kink_indices, n_kinks   0-based flat indices of the kinks (P_k x 1), their number

function record = gradient_check (X, Y, params, options, masks, directions)
  fname = "gradient_check";
  if (nargin < 3 || nargin > 6)
    print_usage ();
  endif
  if (nargin < 4)
    options = struct ();
  endif
  if (nargin < 5)
    masks = {};
  endif
  if (nargin < 6)
    directions = [];
  endif
  ## 1. Validate once; the helpers below take the checked inputs and call only unchecked twins.
  opts = check_options (fname, options);
  check_matrix (fname, "X", X, false);   # its shape first: params must chain from its rows
  layer_dims = check_params (fname, params, rows (X), opts.output_activation);
  [X, Y] = check_data (fname, X, Y, opts.output_activation, layer_dims(end));
  masks = check_masks (fname, masks, layer_dims, columns (X), opts.keep_prob);
  slices = tensor_slices (layer_dims);
  names = fieldnames (slices);
  P = slices.(names{end})(2);
  directions = check_directions (fname, directions, P);

  [AL, caches] = forward_propagation_unchecked (X, params, opts.hidden_activation, opts.output_activation, ...
                                                opts.keep_prob, masks);
  grads = backward_propagation_unchecked (AL, Y, caches, opts.hidden_activation, opts.output_activation, ...
                                          opts.lambd, opts.keep_prob);
  grad = gradients_to_vector (grads);
  ## 2. The noise floor.
  noise = finite_difference_noise (AL, Y, caches, params, opts);

  ## 3. The approximation.
  tensor_modes = cell2struct (repmat ({"full"}, numel (names), 1), names, 1);
  directional = struct ();
  switch (opts.grad_check_mode)
    case "plain"
      [gradapprox, kinked] = plain_gradient_approximation (X, Y, params, layer_dims, opts, masks, caches);
    case "full"
      [gradapprox, kinked] = full_gradient_approximation (X, Y, params, layer_dims, opts, masks, caches, names);
    case "fast"
      if (isempty (directions))
        if (! isempty (opts.seed))
          rand ("state", opts.seed);   # reproducible directions, as numpy's and R's seed option
        endif
        directions = 2 * (rand (P, opts.grad_check_directions) < 0.5) - 1;
      endif
      [gradapprox, kinked, tensor_modes, directional] = ...
        fast_gradient_approximation (X, Y, params, layer_dims, opts, masks, caches, grad, directions, noise);
  endswitch
  ## 4. The summary.
  record = summarise_check (grad, gradapprox, kinked, slices, tensor_modes, directional, noise);
endfunction

%!test
%! ## Every hidden x output pair on 1 to 4 hidden layers; each pair meets every depth once and
%! ## every variant (none, L2, dropout with fixed masks, both) once. Small data drawn here;
%! ## he init for relu-like units, xavier for tanh/sigmoid, so gradients are well scaled.
%! ## Biases are drawn too: with zero biases a unit whose inputs are all dropped or dead has
%! ## z = 0 exactly, a relu kink where two-sided differences legitimately disagree.
%! ## Both the plain loop and the "full" mode run; "full" must reproduce plain's gradapprox to
%! ## rounding: one ulp of J (~1e-16) becomes ~1e-9 after the division by 2 eps.
%! randn ("state", 11); rand ("state", 11);
%! hidden = {"relu", "leaky_relu", "tanh", "sigmoid"};
%! outputs = {"sigmoid", "softmax"};
%! variants = [0 1; 0.7 1; 0 0.8; 0.7 0.8];          # [lambd keep_prob]
%! nets = {[3 4], [3 5 4], [3 4 3 4], [3 3 4 3 3]};  # n_x and hidden sizes: 1..4 hidden layers
%! m = 7;
%! X = randn (3, m);
%! k = 0;
%! for h = 1:4
%!   for o = 1:2
%!     k = k + 1;
%!     for depth = 1:4
%!       v = mod (depth + k, 4) + 1;
%!       if (strcmp (outputs{o}, "sigmoid"))
%!         dims = [nets{depth}, 1];
%!         Y = double (rand (1, m) < 0.5);
%!       else
%!         dims = [nets{depth}, 3];
%!         Y = floor (3 * rand (1, m));
%!       endif
%!       scheme = "xavier";
%!       if (any (strcmp (hidden{h}, {"relu", "leaky_relu"})))
%!         scheme = "he";
%!       endif
%!       p = initialize_parameters (dims, scheme);
%!       for l = 1:numel (dims) - 1
%!         p.(sprintf ("b%d", l)) = 0.1 * randn (dims(l + 1), 1);
%!       endfor
%!       masks = {};
%!       if (variants(v, 2) < 1)
%!         masks = arrayfun (@(n) double (rand (n, m) < variants(v, 2)), dims(2:end-1), "UniformOutput", false);
%!       endif
%!       opts = struct ("hidden_activation", hidden{h}, "output_activation", outputs{o}, ...
%!                      "lambd", variants(v, 1), "keep_prob", variants(v, 2), "grad_check_mode", "plain");
%!       r = gradient_check (X, Y, p, opts, masks);
%!       f = gradient_check (X, Y, p, setfield (opts, "grad_check_mode", "full"), masks);
%!       where = sprintf ("%s/%s dims [%s] lambd %g keep_prob %g", hidden{h}, outputs{o}, num2str (dims), variants(v, :));
%!       assert (r.difference <= 1e-7, "plain difference %g for %s", r.difference, where);
%!       assert (f.difference <= 1e-7, "full difference %g for %s", f.difference, where);
%!       assert (size (r.grad), [numel(r.gradapprox), 1]);
%!       assert (f.grad, r.grad);
%!       assert (max (abs (f.gradapprox - r.gradapprox) - 1e-6 * abs (r.gradapprox)) <= 1e-8, where);
%!       assert (r.n_kinks == 0 && f.n_kinks == 0, "kinks in %s", where);
%!     endfor
%!   endfor
%! endfor
%! rand ("state", 42); randn ("state", 42);

%!test
%! ## The record: grad is backward_propagation's gradient flattened canonically; tensor
%! ## differences are named dW1..dbL; the overall difference follows from grad/gradapprox.
%! randn ("state", 3);
%! X = randn (2, 5); Y = [0 1 1 0 1];
%! p = initialize_parameters ([2 3 1], "xavier");
%! r = gradient_check (X, Y, p, struct ("hidden_activation", "tanh", "grad_check_mode", "plain"), {});
%! [AL, caches] = forward_propagation (X, p, "tanh", "sigmoid", 1, {});
%! g = backward_propagation (AL, Y, caches, "tanh", "sigmoid", 0, 1);
%! assert (fieldnames (r), {"difference"; "difference_all"; "error"; "noise"; "verdict"; "tensor_differences"; ...
%!                          "tensor_errors"; "tensor_noise"; "tensor_modes"; "grad"; "gradapprox"; "kink_indices"; "n_kinks"});
%! assert (r.grad, [g.dW1(:); g.db1; g.dW2(:); g.db2]);
%! assert (size (r.gradapprox), [13 1]);
%! assert (fieldnames (r.tensor_differences), {"dW1"; "db1"; "dW2"; "db2"});
%! assert (r.difference, norm (r.grad - r.gradapprox) / (norm (r.grad) + norm (r.gradapprox)), 1e-15);
%! assert (r.difference_all, r.difference);
%! assert (r.error, norm (r.grad - r.gradapprox), 1e-15);
%! assert (r.noise > 0);
%! assert (r.noise, r.tensor_noise.dW1 / sqrt (6) * sqrt (13), 1e-20);   # eta sqrt(n) (finite_difference_noise's eta)
%! assert (r.verdict, "correct");
%! assert (fieldnames (r.tensor_errors), {"dW1"; "db1"; "dW2"; "db2"});
%! assert (r.tensor_noise.db1, r.noise / sqrt (13) * sqrt (3), 1e-20);
%! assert (size (r.kink_indices), [0 1]);
%! assert (r.n_kinks, 0);
%! assert (r.tensor_modes, struct ("dW1", "full", "db1", "full", "dW2", "full", "db2", "full"));
%! ## gradapprox really is the two-sided difference of the cost, checked on component 4,
%! ## which is W1(1,2) in column-major order (W1 is 3x2: components 1..3 are its first column).
%! e = 1e-7; pp = p; pm = p;
%! pp.W1(1, 2) += e; pm.W1(1, 2) -= e;
%! [~, cp] = forward_propagation (X, pp, "tanh", "sigmoid", 1, {});
%! [~, cm] = forward_propagation (X, pm, "tanh", "sigmoid", 1, {});
%! Jp = compute_cost (cp{2}.Z, Y, "sigmoid", pp, 0);
%! Jm = compute_cost (cm{2}.Z, Y, "sigmoid", pm, 0);
%! assert (r.gradapprox(4), (Jp - Jm) / (2 * e), 1e-15);
%! ## The default mode is "full".
%! d = gradient_check (X, Y, p, struct ("hidden_activation", "tanh"), {});
%! assert (d, gradient_check (X, Y, p, struct ("hidden_activation", "tanh", "grad_check_mode", "full"), {}));
%! assert (d.gradapprox, r.gradapprox, 1e-8);

%!test
%! ## Both norms zero -> difference 0: zero weights and a symmetric sigmoid target give zero
%! ## gradient everywhere (a - y = +-1/2 cancels over the pair; hidden units see W2 = 0).
%! p = struct ("W1", zeros (2, 2), "b1", zeros (2, 1), "W2", zeros (1, 2), "b2", 0);
%! for mode = {"plain", "full", "fast"}
%!   r = gradient_check ([1 1; 2 2], [0 1], p, struct ("grad_check_mode", mode{1}, "hidden_activation", "tanh"), {});
%!   assert (r.grad, zeros (9, 1));
%!   assert (r.difference, 0);
%!   assert (r.tensor_differences.dW1, 0);
%! endfor

%!test
%! ## Book case (BOOK.md, Octave sigmoid): circles, layer_dims [2 5 1], relu, book init, eps 1e-7.
%! ## All weights are uniform in [0, 0.01), so every AL is within ~1e-4 of 1/2 and the cost is
%! ## log 2 to within 1e-5. Gradients are ~1e-5..1e-4 while the cost difference is rounded at
%! ## ~1e-9 per component, so the difference is in the "inspect" band, not <= 1e-7.
%! [X, Y] = read_dataset ("circles");
%! p = initialize_parameters ([2 5 1], "book");
%! r = gradient_check (X, Y, p, struct ("grad_check_epsilon", 1e-7, "grad_check_mode", "plain"), {});
%! [~, caches] = forward_propagation (X, p, "relu", "sigmoid", 1, {});
%! J = compute_cost (caches{2}.Z, Y, "sigmoid", p, 0);
%! assert (abs (J - log (2)) < 1e-5);
%! assert (r.difference < 1e-4);
%! assert (max (abs (r.grad - r.gradapprox)) < 1e-8);
%! f = gradient_check (X, Y, p, struct ("grad_check_mode", "full"), {});
%! assert (f.gradapprox, r.gradapprox, 1e-8);
%! rand ("state", 42);

%!test
%! ## The check can fail: a copy of linear_backward_unchecked without 1/m in db (the book's Python
%! ## softmax bug) shadows the real one; every mode sees the difference jump far above the
%! ## bands, and "fast" checks the buggy db tensors in full.
%! mutant = install_test_mutant ("linear_backward_unchecked", "db = (1 / m) * sum (dZ, 2);", "db = sum (dZ, 2);");
%! unwind_protect
%!   randn ("state", 5); rand ("state", 5);
%!   X = randn (2, 6); Y = [0 1 2 2 1 0];
%!   p = initialize_parameters ([2 4 3], "he");
%!   p.b1 = 0.1 * randn (4, 1);
%!   for mode = {"plain", "full", "fast"}
%!     r = gradient_check (X, Y, p, struct ("output_activation", "softmax", "grad_check_mode", mode{1}), {});
%!     assert (r.difference > 0.1, mode{1});
%!     assert (r.tensor_differences.db2 > 0.1, mode{1});
%!     assert (r.tensor_differences.dW2 < 1e-7, mode{1});
%!   endfor
%!   assert (r.tensor_modes, struct ("dW1", "directional", "db1", "full", "dW2", "directional", "db2", "full"));
%! unwind_protect_cleanup
%!   remove_test_mutant (mutant);
%!   rand ("state", 42);
%! end_unwind_protect

%!test
%! ## Planted bug, a whole tensor scaled by 2 (the classic exercise's dW2 bug): plain, full and
%! ## fast all flag exactly that tensor; fast checks only it in full.
%! mutant = install_test_mutant ("linear_backward_unchecked", "dA_prev = W' * dZ;", ...
%!                               "dA_prev = W' * dZ; if (isequal (size (W), [1 4])) dW = 2 * dW; endif");
%! unwind_protect
%!   randn ("state", 6); rand ("state", 6);
%!   X = randn (3, 8); Y = double (rand (1, 8) < 0.5);
%!   p = initialize_parameters ([3 5 4 1], "xavier");
%!   for mode = {"plain", "full", "fast"}
%!     r = gradient_check (X, Y, p, struct ("hidden_activation", "tanh", "grad_check_mode", mode{1}), {});
%!     assert (r.tensor_differences.dW3, 1 / 3, 1e-6);    # |2g - g| / (|2g| + |g|)
%!     assert (max ([r.tensor_differences.dW1, r.tensor_differences.db1, r.tensor_differences.dW2]) < 1e-7, mode{1});
%!     assert (r.difference > 1e-3, mode{1});
%!   endfor
%!   assert (r.tensor_modes.dW3, "full");
%!   assert (r.tensor_modes.dW2, "directional");
%!   assert (all (isnan (r.gradapprox(1:15))));            # dW1: only checked directionally
%! unwind_protect_cleanup
%!   remove_test_mutant (mutant);
%!   rand ("state", 42);
%! end_unwind_protect

%!test
%! ## Planted bug, one entry of a 50x100 dW (layer 2 of [2 100 50 1]) off by half the tensor's
%! ## largest entry: fast flags that tensor, checks it in full and the worst component is the
%! ## planted one; the other tensors pass directionally. "full" (equal to plain, tested above)
%! ## finds the same.
%! mutant = install_test_mutant ("linear_backward_unchecked", "dA_prev = W' * dZ;", ...
%!   "dA_prev = W' * dZ; if (isequal (size (W), [50 100])) dW(7, 13) += 0.5 * max (abs (dW(:))); endif");
%! unwind_protect
%!   randn ("state", 7); rand ("state", 7);
%!   X = randn (2, 20); Y = double (rand (1, 20) < 0.5);
%!   p = initialize_parameters ([2 100 50 1], "he");
%!   p.b1 = 0.1 * randn (100, 1); p.b2 = 0.1 * randn (50, 1);
%!   planted = 2 * 100 + 100 + (13 - 1) * 50 + 7;           # W1 (200), b1 (100), then W2(7, 13)
%!   for mode = {"full", "fast"}
%!     r = gradient_check (X, Y, p, struct ("grad_check_mode", mode{1}), {});
%!     assert (r.tensor_differences.dW2 > 1e-3, mode{1});
%!     [~, worst] = max (abs (r.grad - r.gradapprox));
%!     assert (worst == planted, "worst component %d in mode %s", worst, mode{1});
%!   endfor
%!   assert (r.tensor_modes, struct ("dW1", "directional", "db1", "directional", "dW2", "full", ...
%!                                   "db2", "directional", "dW3", "directional", "db3", "directional"));
%!   assert (r.difference > 1e-3);
%! unwind_protect_cleanup
%!   remove_test_mutant (mutant);
%!   rand ("state", 42);
%! end_unwind_protect

%!test
%! ## Fast mode on a correct gradient: the tensors pass directionally (gradapprox NaN there).
%! ## Exception by design: a softmax output's db sums to 0 over the classes, so the direction
%! ## +-(1, 1, 1) has analytic derivative 0 against finite-difference noise, a relative
%! ## difference near 1; such a tensor falls back to the full check, which passes.
%! randn ("state", 8); rand ("state", 8);
%! X = randn (2, 10); Y = floor (3 * rand (1, 10));
%! p = initialize_parameters ([2 6 5 3], "he");
%! p.b1 = 0.1 * randn (6, 1); p.b2 = 0.1 * randn (5, 1);
%! r = gradient_check (X, Y, p, struct ("output_activation", "softmax", "grad_check_mode", "fast", "lambd", 0.3), {});
%! modes = struct2cell (r.tensor_modes);
%! assert (all (strcmp (modes(1:5), "directional")));
%! offset = 0;
%! names = fieldnames (r.tensor_modes);
%! sizes = [12 6 30 5 15 3];
%! for t = 1:6
%!   slice = offset + (1:sizes(t));
%!   assert (all (isnan (r.gradapprox(slice))) == strcmp (modes{t}, "directional"), names{t});
%!   assert (r.tensor_differences.(names{t}) <= 1e-5, names{t});
%!   offset = offset + sizes(t);
%! endfor
%! assert (r.difference <= 1e-5);
%! r = gradient_check (X, Y, p, struct ("output_activation", "softmax", "grad_check_mode", "fast", "grad_check_directions", 1), {});
%! assert (r.difference <= 1e-5);
%! rand ("state", 42); randn ("state", 42);

%!test
%! ## Kinks: example 1 is x = (1, 1) and hidden unit 1 has weights (1, -1), bias 0, so its
%! ## pre-activation is exactly 0. Perturbing W1(1,1), W1(1,2) or b1(1) by +-eps moves it
%! ## across 0: 0-based flat indices 0, 3 and 6 for a 3-unit layer (W1 is 3x2, column-major).
%! ## Those components are kinks in every mode; without them the check is clean, with them
%! ## (difference_all) it is not, because relu'(0) = 0 while the two-sided difference sees 1/2.
%! X = [1 0.5 -0.3 2; 1 -1 0.8 0.4];
%! Y = [1 0 1 0];
%! p = struct ("W1", [1 -1; 0.4 0.7; -0.6 0.9], "b1", [0; 0.1; 0.2], "W2", [1.5 -0.8 0.6], "b2", 0.1);
%! for mode = {"plain", "full"}
%!   r = gradient_check (X, Y, p, struct ("grad_check_mode", mode{1}), {});
%!   assert (isequal (r.kink_indices, [0; 3; 6]), mode{1});
%!   assert (r.n_kinks, 3);
%!   assert (r.difference <= 1e-7, mode{1});
%!   assert (r.tensor_differences.dW1 <= 1e-7, mode{1});
%!   assert (r.difference_all > 1e-3, mode{1});
%! endfor
%! r = gradient_check (X, Y, p, struct ("grad_check_mode", "full", "hidden_activation", "leaky_relu"), {});
%! assert (r.kink_indices, [0; 3; 6]);
%! r = gradient_check (X, Y, p, struct ("grad_check_mode", "full", "hidden_activation", "tanh"), {});
%! assert (r.n_kinks, 0);
%! assert (r.difference <= 1e-7);

%!test
%! ## A saturated softmax (logits ~1e3 apart, some probabilities 0 in double): the cost from
%! ## the logits is large and finite, and every mode's check is correct, not NaN.
%! randn ("state", 3); rand ("state", 3);
%! X = randn (2, 6); Y = [0 1 2 2 1 0];
%! p = initialize_parameters ([2 4 3], "he", 1);
%! p.W2 *= 1000; p.b1 = 0.1 * randn (4, 1);
%! [AL, caches] = forward_propagation (X, p, "tanh", "softmax", 1, {});
%! assert (any (AL(sub2ind (size (AL), Y + 1, 1:6)) == 0));   # log AL would be -Inf
%! J = compute_cost (caches{2}.Z, Y, "softmax", p, 0);
%! assert (isfinite (J) && J > 100);
%! for mode = {"plain", "full", "fast"}
%!   r = gradient_check (X, Y, p, struct ("hidden_activation", "tanh", "output_activation", "softmax", "grad_check_mode", mode{1}), {});
%!   assert (r.verdict, "correct");
%! endfor
%! rand ("state", 42); randn ("state", 42);

%!shared X, Y, p
%! X = [1 2 3; 4 5 6]; Y = [0 1 0];
%! p = struct ("W1", ones (2, 2), "b1", zeros (2, 1), "W2", ones (1, 2), "b2", 0);
%!error <gradient_check: 'masks' must be a cell of 1 0/1 mask\(s\), one per hidden layer; got 0 mask\(s\)> gradient_check (X, Y, p, struct ("keep_prob", 0.5), {})
%!error <gradient_check: 'masks\{1\}' must be a 2x3 matrix of 0/1; got a 3x2 double> gradient_check (X, Y, p, struct ("keep_prob", 0.5), {ones(3, 2)})
%!error <gradient_check: 'Y' must be labels 0 or 1 for a sigmoid output; got 2 at column 2> gradient_check (X, [0 2 0], p, struct (), {})
%!error <gradient_check: 'Y' must be a 1x3 row of labels> gradient_check (X, [0 1], p, struct (), {})
%!error <gradient_check: 'X' must be a finite non-empty real numeric matrix> gradient_check ([1 Inf 3; 4 5 6], Y, p, struct (), {})
%!error <gradient_check: 'W1' must be a matrix with 3 columns \(the rows of X\)> gradient_check ([X; X(1, :)], Y, p, struct (), {})
%!error <gradient_check: 'grad_check_epsilon' must be a finite number . 0; got -1e-07> gradient_check (X, Y, p, struct ("grad_check_epsilon", -1e-7), {})
%!error <gradient_check: 'grad_check_mode' must be one of \{plain, full, fast\}; got 'quick'> gradient_check (X, Y, p, struct ("grad_check_mode", "quick"), {})
%!error <gradient_check: 'grad_check_directions' must be a positive integer; got 1.5> gradient_check (X, Y, p, struct ("grad_check_directions", 1.5), {})
%!error <gradient_check: 'options' must be a struct with fields among .* got unknown field 'epsilon'> gradient_check (X, Y, p, struct ("epsilon", 1e-7), {})

%!test
%! ## fast: `difference` is the norm formula over every compared pair, comparable with full.
%! rand ("seed", 7); randn ("seed", 7);
%! X = randn (3, 40); Y = double (rand (1, 40) < 0.5);
%! p = initialize_parameters ([3 6 1], "xavier", 3);
%! f = gradient_check (X, Y, p, struct ("hidden_activation", "tanh", "grad_check_mode", "fast"), {});
%! assert (f.difference <= 1e-7);
%! assert (all (strcmp (struct2cell (f.tensor_modes), "directional")));

%!test
%! ## A NaN cost (logits Inf - Inf after an overflow) must fail fast mode, not vanish:
%! ## max() in Octave skips NaN, so the directional check propagates it explicitly.
%! X = [1 2; 3 4]; Y = [0 1];
%! p = struct ("W1", [1e308 1; 1 1], "b1", [0; 0], "W2", [1 1; 1 1], "b2", [0; 0]);
%! f = gradient_check (X, Y, p, struct ("hidden_activation", "relu", "output_activation", "softmax", ...
%!                                      "grad_check_mode", "fast"), {});
%! assert (isnan (f.difference));

%!test
%! ## With a seed the fast check draws the same directions every time.
%! randn ("seed", 5); X = randn (3, 20); Y = double (randn (1, 20) > 0);
%! p = initialize_parameters ([3 4 1], "xavier", 2);
%! o = struct ("hidden_activation", "tanh", "grad_check_mode", "fast", "seed", 11);
%! a = gradient_check (X, Y, p, o, {});
%! rand ("state", 99);
%! b = gradient_check (X, Y, p, o, {});
%! assert (a.difference, b.difference);

%!test
%! ## Noise floor: a correct network with tiny gradients (circles, [2 5 1], sigmoid hidden units,
%! ## weights ~1e-3, eps 1e-7: J ~ log 2 while the gradients are ~1e-6..1e-9) has relative
%! ## differences far above 1e-5 (db1's in the "bug" band) from rounding alone. Its errors are
%! ## within the noise floor, so the verdict is "indeterminate", never "bug", in every mode (and
%! ## fast mode does not fall back). A planted bug (dW1 ten times too large) on the same network
%! ## is a "bug".
%! [X, Y] = read_dataset ("circles");
%! randn ("state", 0);
%! p = struct ("W1", 1e-3 * randn (5, 2), "b1", zeros (5, 1), "W2", 1e-3 * randn (1, 5), "b2", 0);
%! o = struct ("hidden_activation", "sigmoid", "grad_check_epsilon", 1e-7, "seed", 0);
%! ## (The full mode adds each example's change of loss to the unperturbed cost, so its rounding
%! ## is smaller than the plain loop's: still within the noise, its difference may pass.)
%! for mode = {"plain", "full", "fast"}
%!   r = gradient_check (X, Y, p, setfield (o, "grad_check_mode", mode{1}), {});
%!   assert (r.error <= r.noise, mode{1});
%!   if (strcmp (mode{1}, "full"))
%!     assert (any (strcmp (r.verdict, {"passes", "indeterminate"})));
%!   else
%!     assert (r.difference > 1e-5, mode{1});
%!     assert (r.verdict, "indeterminate");
%!     assert (r.tensor_differences.db1 > 1e-3, mode{1});
%!   endif
%!   for name = fieldnames (r.tensor_differences)'
%!     ## within its noise: "indeterminate" at worst, never "suspicious" or "bug"
%!     assert (r.tensor_errors.(name{1}) <= r.tensor_noise.(name{1}), [mode{1} " " name{1}]);
%!   endfor
%! endfor
%! assert (all (strcmp (struct2cell (r.tensor_modes), "directional")));   # no fallback on rounding alone
%! mutant = install_test_mutant ("linear_backward_unchecked", "dA_prev = W' * dZ;", ...
%!                               "dA_prev = W' * dZ; if (isequal (size (W), [5 2])) dW = 10 * dW; endif");
%! unwind_protect
%!   for mode = {"plain", "full", "fast"}
%!     r = gradient_check (X, Y, p, setfield (o, "grad_check_mode", mode{1}), {});
%!     assert (r.verdict, "bug");
%!     assert (r.tensor_differences.dW1, 9 / 11, 1e-3);   # |10g - g| / (|10g| + |g|)
%!     assert (r.tensor_errors.dW1 > 10 * r.tensor_noise.dW1, mode{1});
%!     assert (r.tensor_differences.dW1 > 1e-3, mode{1});   # with the error above: "bug"
%!   endfor
%!   assert (r.tensor_modes.dW1, "full");
%! unwind_protect_cleanup
%!   remove_test_mutant (mutant);
%!   rand ("state", 42); randn ("state", 42);
%! end_unwind_protect

%!test
%! ## Fast mode with explicit directions: the RNG (state or seed option) plays no part, two runs
%! ## give identical records, K is the number of columns, and other directions give other pairs.
%! randn ("state", 13); rand ("state", 13);
%! X = randn (3, 12); Y = floor (3 * rand (1, 12));
%! p = initialize_parameters ([3 4 3], "he", 5);
%! p.b1 = 0.1 * randn (4, 1);
%! o = struct ("output_activation", "softmax", "grad_check_mode", "fast", "lambd", 0.1);
%! D = 2 * (rand (31, 3) < 0.5) - 1;
%! a = gradient_check (X, Y, p, o, {}, D);
%! rand ("state", 1);
%! b = gradient_check (X, Y, p, setfield (o, "seed", 7), {}, D);
%! assert (b, a);   # NaN where directional: assert, not isequal, compares those as equal
%! assert (a.tensor_modes.dW1, "directional");
%! c = gradient_check (X, Y, p, o, {}, D(:, 1));
%! assert (c.tensor_modes.dW1, "directional");
%! assert (c.tensor_noise.dW1, a.tensor_noise.dW1 / sqrt (3), 1e-20);   # eta sqrt(K)
%! ## Negated directions negate both derivatives: the same pairs up to sign, the same record.
%! assert (gradient_check (X, Y, p, o, {}, -D), a);
%! rand ("state", 2);
%! d = gradient_check (X, Y, p, o, {}, 2 * (rand (31, 3) < 0.5) - 1);
%! assert (d.tensor_differences.dW1 <= 1e-5);
%! assert (d.tensor_errors.dW1 != a.tensor_errors.dW1);
%! ## Directions are ignored by the other modes (but still validated).
%! assert (gradient_check (X, Y, p, setfield (o, "grad_check_mode", "full"), {}, D), ...
%!         gradient_check (X, Y, p, setfield (o, "grad_check_mode", "full"), {}));
%! rand ("state", 42); randn ("state", 42);

%!test
%! ## Without directions, the fast mode draws P x grad_check_directions of them from rand,
%! ## seeded by the seed option: the same as passing that draw.
%! randn ("state", 14);
%! X = randn (2, 9); Y = double (randn (1, 9) > 0);
%! p = initialize_parameters ([2 3 1], "xavier", 2);
%! o = struct ("hidden_activation", "tanh", "grad_check_mode", "fast", "grad_check_directions", 2, "seed", 5);
%! rand ("state", 5);
%! D = 2 * (rand (13, 2) < 0.5) - 1;
%! assert (gradient_check (X, Y, p, o, {}), gradient_check (X, Y, p, o, {}, D));
%! assert (gradient_check (X, Y, p, o, {}, []), gradient_check (X, Y, p, o, {}, D));

%!shared X, Y, p
%! X = [1 2 3; 4 5 6]; Y = [0 1 0];
%! p = struct ("W1", ones (2, 2), "b1", zeros (2, 1), "W2", ones (1, 2), "b2", 0);
%!error <gradient_check: 'directions' must be a 9xK matrix of -1 and 1 \(one direction per column\); got a 8x2 double> gradient_check (X, Y, p, struct ("grad_check_mode", "fast"), {}, ones (8, 2))
%!error <gradient_check: 'directions' must be a 9xK matrix of -1 and 1 .*; got a 9x1 double> gradient_check (X, Y, p, struct ("grad_check_mode", "fast"), {}, [ones(8, 1); 0])
%!error <gradient_check: 'directions' must be a 9xK matrix> gradient_check (X, Y, p, struct (), {}, "a")
