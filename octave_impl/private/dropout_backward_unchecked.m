## dA = dropout_backward_unchecked (dA, mask, keep_prob)
##
## dropout_backward without the argument checks (MASK 0/1 of dA's shape, KEEP_PROB in (0, 1]),
## for backward_propagation_unchecked: dA .* mask / keep_prob.

function dA = dropout_backward_unchecked (dA, mask, keep_prob)
  dA = dA .* mask / keep_prob;
endfunction

%!test
%! ## The twin of dropout_backward: the same values, bit for bit.
%! dA = [1 2 3; -4 5 6];
%! mask = [1 0 1; 0 1 1];
%! assert (dropout_backward_unchecked (dA, mask, 0.7), dropout_backward (dA, mask, 0.7));
