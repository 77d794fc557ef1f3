## [approx, kinked] = gradient_check_full_tensor (l, kind, caches, params, Y, opts, masks, l2_total)
##
## Two-sided differences (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) for every
## component of the tensor W_l (KIND "W", column-major order) or b_l (KIND "b"), computed from
## the cached unperturbed pass CACHES instead of full forward passes:
##   - perturbing W_l(i,j) or b_l(i) changes only row i of Z_l, so only that row is recomputed
##     (one matrix product for a whole batch of components);
##   - only row i of A_l changes, so Z_(l+1) gets the rank-one update W_(l+1)(:,i) * dA_l(i,:);
##   - the layers after that run in full on all copies of the batch side by side
##     (forward_from_layer), and batched_costs gives each copy's cost.
## L2_TOTAL is the sum of squared weights of all layers at theta. APPROX (n x 1) agrees with the
## plain loop to rounding. KINKED (n x 1) flags components whose +-eps perturbation moves a
## relu/leaky_relu hidden pre-activation across 0. Internal: inputs are not validated.

function [approx, kinked] = gradient_check_full_tensor (l, kind, caches, params, Y, opts, masks, l2_total)
  L = numel (caches);
  epsilon = opts.grad_check_epsilon;
  W = params.(sprintf ("W%d", l));
  b = params.(sprintf ("b%d", l));
  A_prev = caches{l}.linear_cache.A_prev;
  Z = caches{l}.Z;
  [n, n_prev] = size (W);
  m = columns (Z);
  if (strcmp (kind, "W"))
    n_components = n * n_prev;
  else
    n_components = n;
  endif
  ## The stacks built below are as tall as the layers after l (Z_l itself when l = L): size the
  ## batches by those, about 32 MB per block, so few rounds of calls do all the work.
  widest = max (cellfun (@(c) rows (c.Z), caches(min (l + 1, L):L)));
  chunk = max (1, floor (4e6 / (widest * m)));
  check_kinks = l < L && any (strcmp (opts.hidden_activation, {"relu", "leaky_relu"}));

  ## A relu layer with many inputs per unit: batch by unit and skip the examples it leaves alone.
  if (strcmp (kind, "W") && l < L && strcmp (opts.hidden_activation, "relu") && n_prev >= 8)
    [approx, kinked] = gradient_check_relu_rows (l, caches, params, Y, opts, masks, l2_total);
    return;
  endif
  approx = zeros (n_components, 1);
  kinked = false (n_components, 1);
  for first = 1:chunk:n_components
    c = (first:min (first + chunk - 1, n_components))';
    B = numel (c);
    if (strcmp (kind, "W"))
      row_of = mod (c - 1, n) + 1;
      column_of = floor ((c - 1) / n) + 1;
      w = reshape (W(c), B, 1);   # W(c) of a row-shaped W would be a row
    else
      row_of = c;
      w = b(c);
    endif
    J = zeros (B, 2);
    signs = [1, -1];
    for side = 1:2
      step = signs(side) * epsilon;
      ## The perturbation the plain loop really applies is fl(w + step) - w; only row i of Z_l
      ## moves, by that amount times row j of A_prev (a weight) or by it alone (a bias).
      applied = (w + step) - w;
      if (strcmp (kind, "W"))
        new_rows = Z(row_of, :) + applied .* A_prev(column_of, :);
        l2_sums = l2_total - w .^ 2 + (w + step) .^ 2;
      else
        new_rows = Z(row_of, :) + applied;
        l2_sums = l2_total * ones (B, 1);
      endif
      if (check_kinks)
        kinked(c) = kinked(c) | any ((new_rows > 0) != (Z(row_of, :) > 0), 2);
      endif
      if (l < L)
        A_rows = activation_forward (new_rows, opts.hidden_activation);
        if (opts.keep_prob < 1)
          A_rows = dropout_forward (A_rows, masks{l}(row_of, :), opts.keep_prob);
        endif
        dA_rows = A_rows - caches{l + 1}.linear_cache.A_prev(row_of, :);
        W_next = params.(sprintf ("W%d", l + 1));
        n_next = rows (W_next);
        Z_next = caches{l + 1}.Z + reshape (W_next(:, row_of), n_next, 1, B) .* reshape (dA_rows.', 1, m, B);
        [AL, kinked_after] = forward_from_layer (reshape (Z_next, n_next, m * B), l + 1, B, caches, params, opts, masks);
        kinked(c) = kinked(c) | kinked_after;
      else
        Z_out = repmat (Z, 1, B);
        Z_out(row_of + n * ((0:B-1)' * m + (0:m-1))) = new_rows;
        AL = forward_from_layer (Z_out, L, B, caches, params, opts, masks);
      endif
      J(:, side) = batched_costs (AL, Y, B, opts, l2_sums);
    endfor
    approx(c) = (J(:, 1) - J(:, 2)) / (2 * epsilon);
  endfor
endfunction

%!test
%! ## Every tensor of a 2-hidden-layer softmax net with dropout and L2 against the plain
%! ## two-full-passes formula, component by component.
%! randn ("state", 2); rand ("state", 2);
%! X = randn (3, 5); Y = [0 2 1 1 0];
%! dims = [3 4 3 3];
%! p = initialize_parameters (dims, "he");
%! p.b1 = 0.1 * randn (4, 1); p.b2 = 0.1 * randn (3, 1);
%! masks = {double(rand (4, 5) < 0.8), double(rand (3, 5) < 0.8)};
%! opts = check_options ("t", struct ("output_activation", "softmax", "keep_prob", 0.8, "lambd", 0.3, "hidden_activation", "leaky_relu"));
%! [~, caches] = forward_propagation (X, p, opts.hidden_activation, "softmax", 0.8, masks);
%! l2 = sum (p.W1(:) .^ 2) + sum (p.W2(:) .^ 2) + sum (p.W3(:) .^ 2);
%! theta = parameters_to_vector (p);
%! offset = 0;
%! for l = 1:3
%!   for kind = {"W", "b"}
%!     [approx, kinked] = gradient_check_full_tensor (l, kind{1}, caches, p, Y, opts, masks, l2);
%!     for i = 1:numel (approx)
%!       tp = theta; tp(offset + i) += 1e-7;
%!       tm = theta; tm(offset + i) -= 1e-7;
%!       Jp = gradient_check_cost (tp, dims, X, Y, opts, masks);
%!       Jm = gradient_check_cost (tm, dims, X, Y, opts, masks);
%!       assert (approx(i), (Jp - Jm) / 2e-7, 1e-9 + 1e-6 * abs (approx(i)));
%!     endfor
%!     assert (! any (kinked));
%!     offset = offset + numel (approx);
%!   endfor
%! endfor
%! rand ("state", 42); randn ("state", 42);
