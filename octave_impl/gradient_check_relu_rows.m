## [approx, kinked] = gradient_check_relu_rows (l, caches, params, Y, opts, masks, l2_total)
##
## The "full" gradient check of W_l for a relu hidden layer l < L, one unit at a time. Perturbing
## W_l(i, j) changes row i of Z_l only, and a relu unit passes nothing where it is off both before
## and after the perturbation: the later layers and the cost are evaluated on the examples unit i
## reaches (on, or turned on), and the other examples keep their unperturbed cost terms. The
## perturbation applied is fl(w +- eps) - w, as in the plain loop; approx and kinked (one entry per
## component of W_l, column-major) are what gradient_check_full_tensor returns for that tensor.

function [approx, kinked] = gradient_check_relu_rows (l, caches, params, Y, opts, masks, l2_total)
  L = numel (caches);
  epsilon = opts.grad_check_epsilon;
  W = params.(sprintf ("W%d", l));
  W_next = params.(sprintf ("W%d", l + 1));
  [n, n_prev] = size (W);
  A_prev = caches{l}.linear_cache.A_prev;
  A_next_ref = caches{l + 1}.linear_cache.A_prev;   # A_l as layer l+1 saw it (after dropout)
  Z = caches{l}.Z;
  m = columns (Z);
  AL_ref = forward_from_layer (caches{l + 1}.Z, l + 1, 1, caches, params, opts, masks);
  ref_terms = cross_entropy_terms (AL_ref, Y, opts.output_activation);
  approx = zeros (n * n_prev, 1);
  kinked = false (n * n_prev, 1);
  signs = [1, -1];
  for i = 1:n
    c = i + n * (0:n_prev - 1)';   # the flat (column-major) indices of W(i, :)
    w = W(i, :)';
    new_rows = cell (1, 2);
    for side = 1:2
      new_rows{side} = Z(i, :) + ((w + signs(side) * epsilon) - w) .* A_prev;   # n_prev x m
    endfor
    was_on = Z(i, :) > 0;
    kinked(c) = any ((new_rows{1} > 0) != was_on, 2) | any ((new_rows{2} > 0) != was_on, 2);
    cols = find (was_on | any (new_rows{1} > 0, 1) | any (new_rows{2} > 0, 1));
    s = numel (cols);
    unchanged = sum (ref_terms(setdiff (1:m, cols)));
    J = zeros (n_prev, 2);
    for side = 1:2
      changed = zeros (n_prev, 1);
      if (s > 0)
        A_rows = activation_forward (new_rows{side}(:, cols), "relu");
        if (opts.keep_prob < 1)
          A_rows = dropout_forward (A_rows, repmat (masks{l}(i, cols), n_prev, 1), opts.keep_prob);
        endif
        dA = A_rows - A_next_ref(i, cols);   # n_prev x s
        Z_next = caches{l + 1}.Z(:, cols) + W_next(:, i) .* reshape (dA.', 1, s, n_prev);
        [AL, kinked_after] = forward_from_layer (reshape (Z_next, rows (W_next), s * n_prev), l + 1, n_prev, ...
                                                 caches, params, opts, masks, cols);
        kinked(c) = kinked(c) | kinked_after;
        terms = cross_entropy_terms (AL, repmat (Y(cols), 1, n_prev), opts.output_activation);
        changed = sum (reshape (terms, s, n_prev), 1)';
      endif
      l2_sums = l2_total - w .^ 2 + (w + signs(side) * epsilon) .^ 2;
      J(:, side) = -(1 / m) * (changed + unchanged) + l2_regularization_cost (l2_sums, opts.lambd, m);
    endfor
    approx(c) = (J(:, 1) - J(:, 2)) / (2 * epsilon);
  endfor
endfunction

%!test
%! ## Equal to the plain loop's approximation (within its rounding) on a relu net with L2 and dropout.
%! rand ("seed", 3); randn ("seed", 3);
%! X = randn (12, 30); Y = double (rand (1, 30) < 0.5);
%! p = initialize_parameters ([12 7 5 1], "he", 5);
%! D = {double(rand (7, 30) < 0.8), double(rand (5, 30) < 0.8)};
%! o = struct ("hidden_activation", "relu", "lambd", 0.3, "keep_prob", 0.8);
%! plain = gradient_check (X, Y, p, setfield (o, "grad_check_mode", "plain"), D);
%! full = gradient_check (X, Y, p, setfield (o, "grad_check_mode", "full"), D);
%! assert (max (abs (full.gradapprox - plain.gradapprox) - 1e-6 * abs (plain.gradapprox)) <= 1e-8);
%! assert (full.kink_indices, plain.kink_indices);
