## A = dropout_forward_unchecked (A, mask, keep_prob)
##
## dropout_forward without the argument checks (MASK 0/1 of A's shape, KEEP_PROB in (0, 1]), for
## the forward passes and the gradient check: A .* mask / keep_prob.

function A = dropout_forward_unchecked (A, mask, keep_prob)
  A = A .* mask / keep_prob;
endfunction

%!test
%! ## The twin of dropout_forward: the same values, bit for bit.
%! A = [1 2 3; -4 5 6];
%! mask = [1 0 1; 0 1 1];
%! assert (dropout_forward_unchecked (A, mask, 0.7), dropout_forward (A, mask, 0.7));
