## [gradapprox, kinked] = full_gradient_approximation (X, Y, params, layer_dims, options, masks, caches, tensor_names)
##
## The plain loop's two-sided differences for every component of the tensors TENSOR_NAMES (a
## cell of gradient names "dW1", "db1", ...), computed from the unperturbed pass CACHES instead
## of two full passes per component. Component (i, j) of W_l (or i of b_l) changes only row i of
## Z_l, by delta A_{l-1}(j, :) (or delta), with delta = fl(theta +- eps) - theta, the step the
## plain loop really takes; per layer, chunks of k components give 2k versions (+ then -) that
## stacked_row_change reduces to their moved entries, moved_stack pushes into Z_{l+1} as
## rank-one terms, stacked_forward_from_layer runs through the later layers and stacked_costs
## turns into costs. With a softmax output, a change of layer L-1 or L reaches the logits as a
## rank-one term: expanded_losses gives a moved column's loss from the series of loss_expansion
## (one log1p instead of n_L exps) wherever it is exact to rounding; only the other columns are
## stacked.
## Moved examples only: an example whose changed row of A_l equals the unperturbed one exactly
## (a relu unit inactive at both +-eps, a dropped unit, a zero input) keeps its unperturbed
## loss, so only the (version, example) columns that move are stacked and run through the later
## layers; stacked_costs gives each version J = J_ref + (1/m) sum over its moved examples of
## (loss - unperturbed loss) + the L2 term of new^2 - old^2 (J_ref, the unperturbed losses from
## the unperturbed pass, J_ref by compute_cost_unchecked as the plain loop's costs).
## A chunk is sized so that every stacked matrix holds at most MAX_STACK_ELEMENTS = 2^17
## doubles (at least one component): its changed entries (at most 2k x m), and its moved columns
## times the rows of the later layers (n_{l+1} .. n_L; n_L for the output layer; 1, a row of
## losses, with the series), the moved
## columns bounded beforehand per component by the examples where its input is nonzero and its
## unit is kept and (relu) not inactive beyond the step.
## GRADAPPROX (P x 1) is (J+ - J-) / (2 eps) on those tensors and NaN elsewhere; KINKED (P x 1)
## flags, for relu / leaky_relu hidden layers, the components whose + or - version puts a hidden
## pre-activation on the other side of 0. The same numbers as plain_gradient_approximation up
## to rounding (a rank-one update instead of a fresh product).

function [gradapprox, kinked] = full_gradient_approximation (X, Y, params, layer_dims, options, masks, caches, tensor_names)
  MAX_STACK_ELEMENTS = 2 ^ 17;
  epsilon = options.grad_check_epsilon;
  L = numel (layer_dims) - 1;
  m = columns (X);
  names = parameter_names (L);
  gradient_tensors = gradient_names (L);
  slices = tensor_slices (layer_dims);
  P = slices.(gradient_tensors{end})(2);
  gradapprox = NaN (P, 1);
  kinked = false (P, 1);
  reference = struct ("losses", cross_entropy_terms (caches{L}.Z, Y, options.output_activation), ...
                     "cost", compute_cost_unchecked (caches{L}.Z, Y, options.output_activation, params, options.lambd));
  for l = 1:L
    check_W = any (strcmp (tensor_names, gradient_tensors{2*l-1}));
    check_b = any (strcmp (tensor_names, gradient_tensors{2*l}));
    if (! (check_W || check_b))
      continue;
    endif
    W = params.(names{2*l-1});
    b = params.(names{2*l});
    [n, n_prev] = size (W);
    A_prev = caches{l}.linear_cache.A_prev;
    ## Components as (unit, input, value, flat index): W_l(unit, input), or b_l(unit) as input
    ## n_prev + 1; BOUND: how many examples a version of each can move at most.
    live = true (n, m);   # where a change of Z_l(i, c) can reach the cost
    if (l < L)
      if (options.keep_prob < 1)
        live = masks{l} != 0;
      endif
      if (strcmp (options.hidden_activation, "relu"))
        ## |delta| <= 2 eps, so a unit at z <= -2 eps max |a| stays inactive at both sides.
        largest_step = 2.01 * epsilon * max ([1; abs(A_prev(:))]);
        live = live & (caches{l}.Z > -largest_step | isnan (caches{l}.Z));
      endif
    endif
    units = zeros (0, 1);
    inputs = zeros (0, 1);
    values = zeros (0, 1);
    indices = zeros (0, 1);
    bound = zeros (0, 1);
    if (check_W)   # column-major, the flat order: W(i, j) at slice start + (j - 1) n + i - 1
      units = [units; repmat((1:n)', n_prev, 1)];
      inputs = [inputs; reshape(repmat (1:n_prev, n, 1), [], 1)];
      values = [values; W(:)];
      indices = [indices; (slices.(gradient_tensors{2*l-1})(1):slices.(gradient_tensors{2*l-1})(2))'];
      moving = double (live) * double (A_prev != 0)';
      bound = [bound; moving(:)];
    endif
    if (check_b)
      units = [units; (1:n)'];
      inputs = [inputs; (n_prev + 1) * ones(n, 1)];
      values = [values; b];
      indices = [indices; (slices.(gradient_tensors{2*l})(1):slices.(gradient_tensors{2*l})(2))'];
      bound = [bound; sum(live, 2)];
    endif
    ## A change that reaches softmax logits as a rank-one term (a unit of layer L-1, or a logit)
    ## has the series of loss_expansion: one log1p per moved column instead of n_L exps.
    expansion = [];
    if (l >= L - 1 && strcmp (options.output_activation, "softmax"))
      if (l == L)
        expansion = loss_expansion (eye (layer_dims(end)), caches{L}.Z, Y);
      else
        expansion = loss_expansion (params.(names{2*L-1}), caches{L}.Z, Y);
      endif
    endif
    ## The stacks: Z_{l+1} .. Z_L (Z_L for l = L); with the series, rows of losses (one per column).
    widest = max (layer_dims(min (l + 1, L) + 1:end));
    if (! isempty (expansion))
      widest = 1;
    endif
    column_budget = max (1, floor (MAX_STACK_ELEMENTS / widest));
    row_budget = max (1, floor (MAX_STACK_ELEMENTS / (2 * m)));
    first = 1;
    while (first <= numel (units))
      last = min (first + row_budget - 1, numel (units));
      k = max ([1, find(cumsum (2 * bound(first:last)) <= column_budget, 1, "last")]);
      c = (first:first + k - 1)';
      first = first + k;
      both = [c; c];
      old = values(both);
      new = [values(c) + epsilon; values(c) - epsilon];
      deltas = new - old;
      [moves, kinked_row] = stacked_row_change (l, units(both), inputs(both), deltas, params, options, masks, caches);
      ## The columns the series gives exactly; the others run through the stack.
      if (isempty (expansion))
        losses = [];
        fits = false (size (moves.examples));
      else
        [losses, fits] = expanded_losses (expansion, moves.units, moves.examples, moves.new - moves.old, ...
                                          reference.losses);
      endif
      kinked_later = false (2 * k, 1);
      if (! all (fits))
        stacked = moves;
        if (any (fits))
          stacked = structfun (@(row) row(! fits), moves, "UniformOutput", false);
        endif
        Z = moved_stack (l, stacked, params, caches);
        [ZL, kinked_later] = stacked_forward_from_layer (l + 1, Z, params, options, masks, caches, ...
                                                         stacked.examples, stacked.versions, 2 * k);
        losses(! fits) = cross_entropy_terms (ZL, Y(stacked.examples), options.output_activation);
      endif
      norm_changes = zeros (L, 2 * k);
      norm_changes(l, :) = ((new .^ 2 - old .^ 2) .* (inputs(both) <= n_prev))';
      J = stacked_costs (losses, Y, options, norm_changes, moves.examples, moves.versions, reference);
      gradapprox(indices(c)) = (J(1:k) - J(k+1:end)) / (2 * epsilon);
      flipped = kinked_row | kinked_later;
      kinked(indices(c)) = flipped(1:k) | flipped(k+1:end);
    endwhile
  endfor
endfunction

%!test
%! ## Every tensor of a 2-hidden-layer softmax net with dropout and L2 against the plain loop,
%! ## component by component; a tensor not asked for stays NaN.
%! randn ("state", 2); rand ("state", 2);
%! X = randn (3, 5); Y = [0 2 1 1 0];
%! dims = [3 4 3 3];
%! p = initialize_parameters (dims, "he", 1);
%! p.b1 = 0.1 * randn (4, 1); p.b2 = 0.1 * randn (3, 1);
%! masks = {double(rand (4, 5) < 0.8), double(rand (3, 5) < 0.8)};
%! opts = check_options ("t", struct ("output_activation", "softmax", "keep_prob", 0.8, "lambd", 0.3, "hidden_activation", "leaky_relu"));
%! [~, caches] = forward_propagation (X, p, opts.hidden_activation, "softmax", 0.8, masks);
%! [plain, plain_kinked] = plain_gradient_approximation (X, Y, p, dims, opts, masks, caches);
%! [full, kinked] = full_gradient_approximation (X, Y, p, dims, opts, masks, caches, fieldnames (tensor_slices (dims)));
%! assert (full, plain, 1e-9 + 1e-6 * abs (plain));
%! assert (kinked, plain_kinked);
%! [part, ~] = full_gradient_approximation (X, Y, p, dims, opts, masks, caches, {"db2", "dW3"});
%! s = tensor_slices (dims);
%! inside = false (size (part));
%! inside([s.db2(1):s.db2(2), s.dW3(1):s.dW3(2)]) = true;
%! assert (all (isnan (part(! inside))));
%! assert (part(inside), full(inside));
%!test
%! ## Moved examples only, against the plain loop: relu with inputs that are exactly 0 on many
%! ## examples (a zero input moves nothing), dropout (a dropped unit moves nothing), inactive
%! ## units, L2, a sigmoid output; enough components and examples for several chunks per layer
%! ## (a chunk of layer 1 holds at most 2^17 / 3 moved columns).
%! randn ("state", 21); rand ("state", 21);
%! m = 400;
%! X = randn (6, m) .* (rand (6, m) < 0.5);
%! X(2, :) = 0;                                          # an input that never moves anything
%! Y = double (rand (1, m) < 0.5);
%! dims = [6 40 3 1];
%! p = initialize_parameters (dims, "he", 2);
%! p.b1 = 0.1 * randn (40, 1); p.b2 = 0.1 * randn (3, 1);
%! masks = {double(rand (40, m) < 0.8), double(rand (3, m) < 0.8)};
%! opts = check_options ("t", struct ("keep_prob", 0.8, "lambd", 0.2));
%! [AL, caches] = forward_propagation (X, p, "relu", "sigmoid", 0.8, masks);
%! [plain, plain_kinked] = plain_gradient_approximation (X, Y, p, dims, opts, masks, caches);
%! [full, kinked] = full_gradient_approximation (X, Y, p, dims, opts, masks, caches, fieldnames (tensor_slices (dims)));
%! ## Equal to rounding: within the noise of one quotient (the plain loop's own rounding).
%! eta = finite_difference_noise (AL, Y, caches, p, opts);
%! assert (max (abs (full - plain)) <= eta);
%! assert (max (abs (full - plain)) < 1e-7 * max (abs (plain)));
%! assert (kinked, plain_kinked);
%! ## W1(:, 2) multiplies an input that is always 0: only the L2 term moves its costs.
%! assert (full(41:80), 0.2 / m * p.W1(:, 2), 2e-9);   # J_ref + the change: rounded at J's ulp / 2 eps
%!test
%! ## Softmax output: where |d| max|w| exceeds the series' reach (inputs of 100 with eps 1e-5)
%! ## the columns go through the stack, the others through the series; both agree with the
%! ## plain loop (one ulp of J ~ 1e-16 is ~1e-11 after the division by 2 eps).
%! randn ("state", 5);
%! X = [1e-3 * randn(2, 6); 100 * randn(1, 6)]; Y = [0 1 2 2 1 0];
%! dims = [3 4 3];
%! p = initialize_parameters (dims, "xavier", 1);
%! p.b1 = 0.1 * randn (4, 1);
%! opts = check_options ("t", struct ("output_activation", "softmax", "hidden_activation", "tanh", "grad_check_epsilon", 1e-5));
%! [~, caches] = forward_propagation (X, p, "tanh", "softmax", 1, {});
%! [plain, ~] = plain_gradient_approximation (X, Y, p, dims, opts, {}, caches);
%! names = fieldnames (tensor_slices (dims));
%! [full, ~] = full_gradient_approximation (X, Y, p, dims, opts, {}, caches, names);
%! assert (full, plain, 1e-9 + 1e-6 * abs (plain));
%! ## Both paths ran: of layer 1's moved columns, some fit the series and some do not.
%! units = repmat ((1:4)', 3, 1);
%! inputs = kron ((1:3)', ones (4, 1));
%! steps = (p.W1(:) + 1e-5) - p.W1(:);
%! [moves, ~] = stacked_row_change (1, [units; units], [inputs; inputs], [steps; -steps], p, opts, {}, caches);
%! [~, fits] = expanded_losses (loss_expansion (p.W2, caches{2}.Z, Y), moves.units, moves.examples, ...
%!                              moves.new - moves.old, cross_entropy_terms (caches{2}.Z, Y, "softmax"));
%! assert (any (fits) && ! all (fits));
