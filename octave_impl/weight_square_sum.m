## s = weight_square_sum (params)
## The sum over layers of ||Wl||_F^2 for the weights W1, W2, ... of PARAMS (biases excluded): what
## the L2 term regularises. compute_cost and the gradient check's batched costs start from it.
function s = weight_square_sum (params)
  s = 0;
  for l = 1:numel (fieldnames (params)) / 2
    W = params.(sprintf ("W%d", l));
    s = s + sum (W(:) .^ 2);
  endfor
endfunction

%!assert (weight_square_sum (struct ("W1", [1 2; 3 4], "b1", [5; 6], "W2", [1 1], "b2", 7)), 32)
