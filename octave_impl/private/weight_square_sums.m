## squared_norms = weight_square_sums (params)
##
## ||Wl||_F^2 for each layer l = 1..L of PARAMS (biases excluded), an L x 1 column in layer
## order: what the L2 term regularises. compute_cost, the noise floor and the gradient check's
## stacked costs start from it and sum it in l2_regularization_cost.

function squared_norms = weight_square_sums (params)
  L = numfields (params) / 2;
  names = parameter_names (L);
  squared_norms = zeros (L, 1);
  for l = 1:L
    W = params.(names{2*l-1});
    squared_norms(l) = sum (W(:) .^ 2);
  endfor
endfunction

%!assert (weight_square_sums (struct ("W1", [1 2; 3 4], "b1", [5; 6], "W2", [1 1], "b2", 7)), [30; 2])
%!assert (weight_square_sums (struct ("W1", 3, "b1", 1)), 9)
