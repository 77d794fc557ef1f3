## l2 = l2_regularization_cost (squared_norms, lambd, m)
##
## The L2 term (lambd / (2m)) sum_l ||Wl||_F^2 of the cost from the per-layer SQUARED_NORMS
## (weight_square_sums: L x 1), or one term per column of an L x V stack of them (the gradient
## check's perturbed versions): a 1 x V row. The one place the L2 cost is written, so every cost
## path carries the same term.

function l2 = l2_regularization_cost (squared_norms, lambd, m)
  l2 = (lambd / (2 * m)) * sum (squared_norms, 1);
endfunction

%!assert (l2_regularization_cost ([30; 2], 0.5, 4), 2)
%!assert (l2_regularization_cost ([30 6; 2 2], 0.5, 4), [2 0.5])
%!assert (l2_regularization_cost (32, 0, 4), 0)
