## dA = dropout_backward (dA, mask, keep_prob)
##
## Back through inverted dropout: the gradient flows only to the kept units and is scaled by
## 1/KEEP_PROB, mirroring dropout_forward with the same MASK (same shape as dA, 0/1).

function dA = dropout_backward (dA, mask, keep_prob)
  fname = "dropout_backward";
  if (nargin != 3)
    print_usage ();
  endif
  keep_prob = check_dropout (fname, "dA", dA, mask, keep_prob);
  dA = dropout_backward_unchecked (dA, mask, keep_prob);
endfunction

%!assert (dropout_backward ([1 -2; 3 4], [0 1; 1 0], 0.5), [0 -4; 6 0])
%!error <dropout_backward: 'mask' must be a 2x2 matrix of 0/1; got a 2x1 double> dropout_backward (ones (2), [1; 0], 0.5)
%!error <dropout_backward: 'mask' must be a 1x2 matrix of 0/1; got NaN at row 1, column 2> dropout_backward ([1 2], [1 NaN], 0.5)
%!error <dropout_backward: 'dA' must be a real numeric matrix; got a 1x1 cell> dropout_backward ({1}, 1, 0.5)
%!error <dropout_backward: 'keep_prob' must be a number in \(0, 1\]; got -0.5> dropout_backward (ones (2), ones (2), -0.5)
