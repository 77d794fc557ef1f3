## [Z, cache] = linear_forward_unchecked (A_prev, W, b)
##
## linear_forward without the argument checks, for the passes whose inputs are already valid
## (forward_propagation_unchecked, the gradient check's stacks): Z = W * A_prev + b and CACHE the
## struct (A_prev, W, b).

function [Z, cache] = linear_forward_unchecked (A_prev, W, b)
  Z = W * A_prev + b;
  cache = struct ("A_prev", A_prev, "W", W, "b", b);
endfunction

%!test
%! ## The twin of linear_forward: the same Z and cache, bit for bit.
%! randn ("state", 3);
%! A = randn (4, 5); W = randn (3, 4); b = randn (3, 1);
%! [Z, cache] = linear_forward_unchecked (A, W, b);
%! [Z2, cache2] = linear_forward (A, W, b);
%! assert (Z, Z2);
%! assert (cache, cache2);
