## [Z, cache] = linear_forward (A_prev, W, b)
##
## Linear part of one layer: Z = W * A_prev + b, with the column b added to every column
## (one column per example). CACHE is the struct (A_prev, W, b) that linear_backward needs.
## Shapes must chain exactly: W is (n_l, n_{l-1}), A_prev (n_{l-1}, m), b (n_l, 1).

function [Z, cache] = linear_forward (A_prev, W, b)
  fname = "linear_forward";
  if (nargin != 3)
    print_usage ();
  endif
  ## A third size output of 1 means two dimensions.
  [n_prev, m, more_A] = size (A_prev);
  [n, n_in, more_W] = size (W);
  [n_b, c_b, more_b] = size (b);
  if (! (isnumeric (A_prev) && isreal (A_prev) && more_A == 1 && n_prev > 0 && m > 0))
    bad_input (fname, "A_prev", "a non-empty real numeric matrix", describe_value (A_prev));
  endif
  if (! (isnumeric (W) && isreal (W) && more_W == 1 && n_in == n_prev))
    bad_input (fname, "W", sprintf ("a real matrix with %d columns (the rows of A_prev)", n_prev), describe_value (W));
  endif
  if (! (isnumeric (b) && isreal (b) && more_b == 1 && n_b == n && c_b == 1))
    bad_input (fname, "b", sprintf ("a %dx1 column (the rows of W)", n), describe_value (b));
  endif
  [Z, cache] = linear_forward_unchecked (A_prev, W, b);
endfunction

%!test
%! ## By hand: W*A = [1*1+2*(-1), 1*0+2*2; 3*1+4*(-1), 3*0+4*2] = [-1 4; -1 8]; plus b per column.
%! W = [1 2; 3 4]; A = [1 0; -1 2]; b = [1; -1];
%! [Z, cache] = linear_forward (A, W, b);
%! assert (Z, [0 5; -2 7]);
%! assert (cache.A_prev, A);
%! assert (cache.W, W);
%! assert (cache.b, b);
%!test
%! [Z, cache] = linear_forward ([1; 2; 3], [1 1 1], 0.5);
%! assert (Z, 6.5);
%!error <linear_forward: 'W' must be a real matrix with 2 columns \(the rows of A_prev\); got a 2x3 double> linear_forward (ones (2, 4), ones (2, 3), [0; 0])
%!error <linear_forward: 'b' must be a 2x1 column \(the rows of W\); got a 1x2 double> linear_forward (ones (2, 4), ones (2, 2), [0 0])
%!error <linear_forward: 'b' must be a 2x1 column \(the rows of W\); got 0> linear_forward (ones (2, 4), ones (2, 2), 0)
%!error <linear_forward: 'A_prev' must be a non-empty real numeric matrix; got an empty 0x0 double> linear_forward ([], ones (2, 2), [0; 0])
