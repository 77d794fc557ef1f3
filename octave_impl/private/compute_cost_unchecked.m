## J = compute_cost_unchecked (ZL, Y, output_activation, params, lambd)
##
## compute_cost without the argument checks, for callers whose inputs are already valid (the
## training loop's costs, the gradient check's plain loop): the same formula, the same number.
##   J = (1/m) sum_i cross_entropy_terms (ZL, Y)_i
##       + l2_regularization_cost (weight_square_sums (params), lambd, m)
## the L2 term added whenever PARAMS is given or LAMBD is not 0 (PARAMS may be [] with LAMBD 0).

function J = compute_cost_unchecked (ZL, Y, output_activation, params, lambd)
  m = columns (ZL);
  J = (1 / m) * sum (cross_entropy_terms (ZL, Y, output_activation));
  if (! (isempty (params) && lambd == 0))
    J = J + l2_regularization_cost (weight_square_sums (params), lambd, m);
  endif
endfunction

%!test
%! ## The twin of compute_cost: the same number, bit for bit.
%! randn ("state", 5);
%! p = initialize_parameters ([2 3 4], "he", 1);
%! ZL = 3 * randn (4, 6); Y = [0 3 2 1 1 0];
%! for lambd = [0 0.7]
%!   assert (compute_cost_unchecked (ZL, Y, "softmax", p, lambd), compute_cost (ZL, Y, "softmax", p, lambd));
%! endfor
%! assert (compute_cost_unchecked (ZL, Y, "softmax", [], 0), compute_cost (ZL, Y, "softmax", [], 0));
%! q = initialize_parameters ([2 1], "he", 1);
%! z = randn (1, 6); y = [0 1 1 0 0 1];
%! assert (compute_cost_unchecked (z, y, "sigmoid", q, 0.2), compute_cost (z, y, "sigmoid", q, 0.2));
%! assert (compute_cost_unchecked (z, y, "sigmoid", [], 0), compute_cost (z, y, "sigmoid"));
