## [dA_prev, dW, db] = linear_backward_unchecked (dZ, cache, lambd)
##
## linear_backward without the argument checks, for backward_propagation_unchecked (inputs
## already valid, LAMBD given): with m = columns of dZ,
##   dW = (1/m) dZ A_prev' + (lambd/m) W,  db = (1/m) sum of dZ over columns,  dA_prev = W' dZ.

function [dA_prev, dW, db] = linear_backward_unchecked (dZ, cache, lambd)
  A_prev = cache.A_prev;
  W = cache.W;
  m = columns (dZ);
  dW = (1 / m) * dZ * A_prev' + (lambd / m) * W;
  db = (1 / m) * sum (dZ, 2);
  dA_prev = W' * dZ;
endfunction

%!test
%! ## The twin of linear_backward: the same three results, bit for bit.
%! randn ("state", 4);
%! cache = struct ("A_prev", randn (4, 5), "W", randn (3, 4), "b", randn (3, 1));
%! dZ = randn (3, 5);
%! [a, w, b] = linear_backward_unchecked (dZ, cache, 0.3);
%! [a2, w2, b2] = linear_backward (dZ, cache, 0.3);
%! assert ({a, w, b}, {a2, w2, b2});
