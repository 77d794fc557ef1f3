## l2 = l2_regularization_cost (square_sums, lambd, m)
## The L2 term (lambd / (2m)) sum_l ||Wl||_F^2 of the cost, given that sum of squares: a scalar, or
## one per pass for the gradient check's batched costs. The one place the L2 cost is written (as
## numpy's and R's l2_regularization_cost), so every cost path carries the same term.
function l2 = l2_regularization_cost (square_sums, lambd, m)
  l2 = (lambd / (2 * m)) * square_sums;
endfunction

%!assert (l2_regularization_cost (32, 0.5, 4), 2)
%!assert (l2_regularization_cost ([32; 8], 0.5, 4), [2; 0.5])
