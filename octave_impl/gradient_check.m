## record = gradient_check (X, Y, params, options, masks)
##
## Compare the analytic gradient (backward_propagation) with two-sided finite differences
## approx_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) over the components i of the
## flat parameter vector theta, eps = options.grad_check_epsilon; lambd, keep_prob (with the
## fixed dropout MASKS, 1 x (L-1) cell, {} without dropout) and the activations are those of
## OPTIONS, exactly as for the analytic gradient. options.grad_check_mode chooses how:
##   "plain"  the reference loop: two full forward passes per component;
##   "full"   (default) the same numbers to rounding, far cheaper: from the cached unperturbed
##            pass, a perturbed component changes one row of its layer's Z, pushed on as a
##            rank-one update, many components batched per matrix product
##            (gradient_check_full_tensor);
##   "fast"   per tensor, options.grad_check_directions random +-1 directions compare the
##            analytic and the finite-difference directional derivative; a tensor whose worst
##            direction exceeds 1e-5 is failing and gets the full per-component check.
## Kinks (relu / leaky_relu hidden layers): a component whose +-eps perturbation moves any
## hidden pre-activation across 0 (z > 0 vs z <= 0) is a kink; kinks are left out of
## `difference` and `tensor_differences` and listed.
## RECORD is a struct with fields
##   difference          ||grad - gradapprox|| / (||grad|| + ||gradapprox||) over the non-kink
##                       components (0 if both norms are 0); in "fast" mode the largest
##                       tensor difference
##   tensor_differences  struct dW1, db1, ...: the same per tensor ("fast": a directional
##                       tensor reports its worst directional difference)
##   grad, gradapprox    P x 1 columns in the canonical order (parameters_to_vector);
##                       "fast" leaves gradapprox NaN on tensors checked only directionally
##   difference_all      as difference, kinks included
##   kink_indices        0-based flat indices of the kinks, P_k x 1 (0 x 1 when none)
##   n_kinks             their number
##   tensor_modes        struct dW1, db1, ...: "full" or "directional"
## Bands: <= 1e-7 correct, <= 1e-5 inspect, <= 1e-3 suspicious, above: a bug.

function record = gradient_check (X, Y, params, options, masks)
  fname = "gradient_check";
  if (nargin < 3 || nargin > 5)
    print_usage ();
  endif
  if (nargin < 4)
    options = struct ();
  endif
  if (nargin < 5)
    masks = {};
  endif
  opts = check_options (fname, options);
  X = check_data (fname, X);
  layer_dims = check_params (fname, params, rows (X), opts.output_activation);
  Y = check_labels (fname, Y, columns (X), opts.output_activation, layer_dims(end));
  if (opts.keep_prob < 1)
    masks = check_masks (fname, masks, layer_dims, columns (X));
  else
    masks = {};
  endif
  L = numel (layer_dims) - 1;

  [AL, caches] = forward_propagation (X, params, opts.hidden_activation, opts.output_activation, opts.keep_prob, masks);
  grads = backward_propagation (AL, Y, caches, opts.hidden_activation, opts.output_activation, opts.lambd, opts.keep_prob);
  grad = parameters_to_vector (grads, "d");
  theta = parameters_to_vector (params);
  epsilon = opts.grad_check_epsilon;
  P = numel (theta);
  gradapprox = zeros (P, 1);
  kinked = false (P, 1);
  check_kinks = any (strcmp (opts.hidden_activation, {"relu", "leaky_relu"}));

  ## Tensors in canonical order: name, layer, kind and flat range.
  names = cell (1, 2 * L);
  ranges = cell (1, 2 * L);
  offset = 0;
  for l = 1:L
    names{2*l-1} = sprintf ("dW%d", l);
    ranges{2*l-1} = offset + (1:layer_dims(l + 1) * layer_dims(l))';
    offset = offset + layer_dims(l + 1) * layer_dims(l);
    names{2*l} = sprintf ("db%d", l);
    ranges{2*l} = offset + (1:layer_dims(l + 1))';
    offset = offset + layer_dims(l + 1);
  endfor
  modes = repmat ({"full"}, 1, 2 * L);
  directional = NaN (1, 2 * L);
  pair_analytic = cell (1, 2 * L);
  pair_numeric = cell (1, 2 * L);

  switch (opts.grad_check_mode)
    case "plain"
      ## The reference loop: two full forward passes per component.
      for i = 1:P
        theta_plus = theta;
        theta_plus(i) = theta_plus(i) + epsilon;
        theta_minus = theta;
        theta_minus(i) = theta_minus(i) - epsilon;
        [J_plus, caches_plus] = gradient_check_cost (theta_plus, layer_dims, X, Y, opts, masks);
        [J_minus, caches_minus] = gradient_check_cost (theta_minus, layer_dims, X, Y, opts, masks);
        gradapprox(i) = (J_plus - J_minus) / (2 * epsilon);
        if (check_kinks)
          for k = 1:L-1
            sign_now = caches{k}.Z > 0;
            kinked(i) = kinked(i) || any ((caches_plus{k}.Z(:) > 0) != sign_now(:)) ...
                                  || any ((caches_minus{k}.Z(:) > 0) != sign_now(:));
          endfor
        endif
      endfor
    case {"full", "fast"}
      if (strcmp (opts.grad_check_mode, "fast") && ! isempty (opts.seed))
        rand ("state", opts.seed);   # reproducible directions, as numpy's and R's seed option
      endif
      l2_total = weight_square_sum (params);
      for t = 1:2 * L
        l = ceil (t / 2);
        kind = names{t}(2);
        if (strcmp (opts.grad_check_mode, "fast"))
          [directional(t), ~, pair_analytic{t}, pair_numeric{t}] = ...
            gradient_check_directional (l, kind, grad(ranges{t}), caches, params, Y, opts, masks, l2_total);
          if (directional(t) <= 1e-5)
            modes{t} = "directional";
            gradapprox(ranges{t}) = NaN;
            continue;
          endif
        endif
        [gradapprox(ranges{t}), kinked(ranges{t})] = gradient_check_full_tensor (l, kind, caches, params, Y, opts, masks, l2_total);
      endfor
  endswitch

  differences = tensor_differences (grad, gradapprox, layer_dims, ! kinked);
  differences_all = tensor_differences (grad, gradapprox, layer_dims);
  if (strcmp (opts.grad_check_mode, "fast"))
    for t = find (strcmp (modes, "directional"))
      differences.(names{t}) = directional(t);
      differences_all.(names{t}) = directional(t);
    endfor
    ## The SPEC formula over every compared pair: the components of fully checked tensors and
    ## the directional pairs of the others, so the value is comparable with the full mode's.
    is_directional = strcmp (modes, "directional");
    full = true (size (grad));  # by tensor mode: a NaN finite difference is a result, not a skip
    for t = find (is_directional)
      full(ranges{t}) = false;
    endfor
    G = [grad(full & ! kinked); vertcat(pair_analytic{is_directional})];
    A = [gradapprox(full & ! kinked); vertcat(pair_numeric{is_directional})];
    difference = gradient_difference (G, A);
    difference_all = gradient_difference ([grad(full); vertcat(pair_analytic{is_directional})], ...
                                          [gradapprox(full); vertcat(pair_numeric{is_directional})]);
  else
    difference = gradient_difference (grad(! kinked), gradapprox(! kinked));
    difference_all = gradient_difference (grad, gradapprox);
  endif

  record = struct ();
  record.difference = difference;
  record.tensor_differences = differences;
  record.grad = grad;
  record.gradapprox = gradapprox;
  record.difference_all = difference_all;
  record.kink_indices = find (kinked) - 1;
  record.n_kinks = numel (record.kink_indices);
  record.tensor_modes = cell2struct (modes, names, 2);
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
%! assert (fieldnames (r), {"difference"; "tensor_differences"; "grad"; "gradapprox"; "difference_all"; ...
%!                          "kink_indices"; "n_kinks"; "tensor_modes"});
%! assert (r.grad, [g.dW1(:); g.db1; g.dW2(:); g.db2]);
%! assert (size (r.gradapprox), [13 1]);
%! assert (fieldnames (r.tensor_differences), {"dW1"; "db1"; "dW2"; "db2"});
%! assert (r.difference, norm (r.grad - r.gradapprox) / (norm (r.grad) + norm (r.gradapprox)), 1e-15);
%! assert (r.difference_all, r.difference);
%! assert (size (r.kink_indices), [0 1]);
%! assert (r.n_kinks, 0);
%! assert (r.tensor_modes, struct ("dW1", "full", "db1", "full", "dW2", "full", "db2", "full"));
%! ## gradapprox really is the two-sided difference of the cost, checked on component 4,
%! ## which is W1(1,2) in column-major order (W1 is 3x2: components 1..3 are its first column).
%! e = 1e-7; pp = p; pm = p;
%! pp.W1(1, 2) += e; pm.W1(1, 2) -= e;
%! Jp = compute_cost (forward_propagation (X, pp, "tanh", "sigmoid", 1, {}), Y, "sigmoid", pp, 0);
%! Jm = compute_cost (forward_propagation (X, pm, "tanh", "sigmoid", 1, {}), Y, "sigmoid", pm, 0);
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
%! J = compute_cost (forward_propagation (X, p, "relu", "sigmoid", 1, {}), Y, "sigmoid", p, 0);
%! assert (abs (J - log (2)) < 1e-5);
%! assert (r.difference < 1e-4);
%! assert (max (abs (r.grad - r.gradapprox)) < 1e-8);
%! f = gradient_check (X, Y, p, struct ("grad_check_mode", "full"), {});
%! assert (f.gradapprox, r.gradapprox, 1e-8);
%! rand ("state", 42);

%!test
%! ## The check can fail: a copy of linear_backward without 1/m in db (the book's Python
%! ## softmax bug) shadows the real one; every mode sees the difference jump far above the
%! ## bands, and "fast" checks the buggy db tensors in full.
%! mutant = install_test_mutant ("linear_backward", "db = (1 / m) * sum (dZ, 2);", "db = sum (dZ, 2);");
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
%! mutant = install_test_mutant ("linear_backward", "dA_prev = W' * dZ;", ...
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
%! mutant = install_test_mutant ("linear_backward", "dA_prev = W' * dZ;", ...
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
%! ## A NaN cost (an overflowing unshifted softmax would give one) must fail fast mode, not vanish:
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
