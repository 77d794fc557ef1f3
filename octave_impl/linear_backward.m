## [dA_prev, dW, db] = linear_backward (dZ, cache, lambd)
##
## Back through Z = W A_prev + b with m = columns of dZ:
##   dW = (1/m) dZ A_prev' + (lambd/m) W     (the L2 term's gradient)
##   db = (1/m) sum of dZ over columns
##   dA_prev = W' dZ
## CACHE is the struct (A_prev, W, b) from linear_forward.

function [dA_prev, dW, db] = linear_backward (dZ, cache, lambd)
  fname = "linear_backward";
  if (nargin < 2 || nargin > 3)
    print_usage ();
  endif
  if (nargin < 3)
    lambd = 0;
  endif
  if (! (isa (lambd, "double") && isscalar (lambd) && isreal (lambd) && lambd >= 0 && lambd < Inf))
    lambd = check_number (fname, "lambd", lambd, "a finite number >= 0", @(x) x >= 0);   # converts, or raises
  endif
  try
    A_prev = cache.A_prev;   # fails unless CACHE is one struct holding A_prev, W and b
    W = cache.W;
    cache.b;
  catch
    bad_input (fname, "cache", "a struct with fields A_prev, W, b", describe_value (cache));
  end_try_catch
  [n, m, more] = size (dZ);
  if (! (isnumeric (dZ) && isreal (dZ) && more == 1 && n == rows (W) && m == columns (A_prev)))
    bad_input (fname, "dZ", sprintf ("a real %dx%d matrix (rows of W x columns of A_prev)", rows (W), columns (A_prev)), ...
               describe_value (dZ));
  endif
  [dA_prev, dW, db] = linear_backward_unchecked (dZ, cache, lambd);
endfunction

%!test
%! ## By hand, m = 2, lambd = .2:
%! ## dZ A_prev' = [1 -1; 2 0] [1 3; 2 4] = [-1 -1; 2 6]; / 2 = [-.5 -.5; 1 3];
%! ## + (.2 / 2) W = [.1 0; 0 .2]  ->  dW = [-.4 -.5; 1 3.2]
%! ## db = [(1 - 1) / 2; (2 + 0) / 2] = [0; 1];  dA_prev = W' dZ = [1 -1; 4 0]
%! cache = struct ("A_prev", [1 2; 3 4], "W", [1 0; 0 2], "b", [0; 0]);
%! [dA_prev, dW, db] = linear_backward ([1 -1; 2 0], cache, 0.2);
%! assert (dW, [-0.4 -0.5; 1 3.2], 1e-15);
%! assert (db, [0; 1], 1e-15);
%! assert (dA_prev, [1 -1; 4 0], 1e-15);
%!test
%! ## Without lambd the weight term vanishes; db keeps its column shape for one unit.
%! cache = struct ("A_prev", [1 2 3], "W", 5, "b", 0);
%! [dA_prev, dW, db] = linear_backward ([1 1 4], cache, 0);
%! assert (dW, (1 + 2 + 12) / 3, 1e-15);
%! assert (db, 2, 1e-15);
%! assert (dA_prev, [5 5 20]);
%!error <linear_backward: 'dZ' must be a real 2x2 matrix \(rows of W x columns of A_prev\); got a 2x3 double> linear_backward (ones (2, 3), struct ("A_prev", ones (2), "W", ones (2), "b", [0; 0]), 0)
%!error <linear_backward: 'cache' must be a struct with fields A_prev, W, b> linear_backward (ones (2), {ones(2), ones(2), [0; 0]}, 0)
%!error <linear_backward: 'lambd' must be a finite number .= 0; got -2> linear_backward (ones (2), struct ("A_prev", ones (2), "W", ones (2), "b", [0; 0]), -2)
