## [worst, differences] = gradient_check_directional (l, kind, grad_T, caches, params, Y, opts, masks, l2_total)
##
## Directional check of one tensor (W_l for KIND "W", b_l for "b"): K = opts.grad_check_directions
## random directions d (Rademacher +-1 from Octave's rand, in the tensor's shape) compare the
## analytic directional derivative grad_T' d with the two-sided difference
## (J(theta + eps d) - J(theta - eps d)) / (2 eps), d touching only this tensor. All 2K
## perturbed networks run side by side from layer l on (forward_from_layer). DIFFERENCES
## (K x 1) are |a - b| / (|a| + |b|) (0 when both are 0); WORST is their maximum.
## GRAD_T is the tensor's analytic gradient as a column (column-major). Internal: no validation.

function [worst, differences, analytic, numeric] = gradient_check_directional (l, kind, grad_T, caches, params, Y, opts, masks, l2_total)
  K = opts.grad_check_directions;
  epsilon = opts.grad_check_epsilon;
  W = params.(sprintf ("W%d", l));
  b = params.(sprintf ("b%d", l));
  A_prev = caches{l}.linear_cache.A_prev;
  m = columns (A_prev);
  if (strcmp (kind, "W"))
    T = W;
  else
    T = b;
  endif
  directions = 2 * (rand (numel (T), K) < 0.5) - 1;
  analytic = directions' * grad_T;

  Z_copies = cell (1, 2 * K);
  l2_sums = l2_total * ones (2 * K, 1);
  signs = [1, -1];
  for k = 1:K
    for side = 1:2
      T_step = T + signs(side) * epsilon * reshape (directions(:, k), size (T));
      if (strcmp (kind, "W"))
        Z_copies{2 * (k - 1) + side} = linear_forward (A_prev, T_step, b);
        l2_sums(2 * (k - 1) + side) = l2_total - sum (W(:) .^ 2) + sum (T_step(:) .^ 2);
      else
        Z_copies{2 * (k - 1) + side} = linear_forward (A_prev, W, T_step);
      endif
    endfor
  endfor
  AL = forward_from_layer ([Z_copies{:}], l, 2 * K, caches, params, opts, masks);
  J = batched_costs (AL, Y, 2 * K, opts, l2_sums);
  numeric = (J(1:2:end) - J(2:2:end)) / (2 * epsilon);

  scale = abs (analytic) + abs (numeric);
  differences = zeros (K, 1);
  nonzero = scale > 0;
  differences(nonzero) = abs (analytic(nonzero) - numeric(nonzero)) ./ scale(nonzero);
  differences(isnan (scale)) = NaN;
  ## Octave's max skips NaN; a NaN cost must fail the tensor, not vanish from it.
  if (any (isnan (differences)))
    worst = NaN;
  else
    worst = max (differences);
  endif
endfunction

%!test
%! ## A correct gradient passes in every direction; the same gradient doubled fails (a = 2b
%! ## gives |a - b| / (|a| + |b|) = 1/3 in every direction).
%! randn ("state", 4); rand ("state", 4);
%! X = randn (2, 6); Y = [0 1 1 0 1 1];
%! p = initialize_parameters ([2 5 1], "xavier");
%! opts = check_options ("t", struct ("hidden_activation", "tanh", "grad_check_directions", 3));
%! [AL, caches] = forward_propagation (X, p, "tanh", "sigmoid", 1, {});
%! g = backward_propagation (AL, Y, caches, "tanh", "sigmoid", 0, 1);
%! l2 = sum (p.W1(:) .^ 2) + sum (p.W2(:) .^ 2);
%! [worst, d] = gradient_check_directional (1, "W", g.dW1(:), caches, p, Y, opts, {}, l2);
%! assert (size (d), [3 1]);
%! assert (worst < 1e-7);
%! [worst, d] = gradient_check_directional (1, "W", 2 * g.dW1(:), caches, p, Y, opts, {}, l2);
%! assert (d, ones (3, 1) / 3, 1e-6);
%! [worst, d] = gradient_check_directional (2, "b", g.db2, caches, p, Y, opts, {}, l2);
%! assert (worst < 1e-7);
%! rand ("state", 42); randn ("state", 42);
