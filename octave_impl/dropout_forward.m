## A = dropout_forward (A, mask, keep_prob)
##
## Inverted dropout of a hidden layer's activations: units where MASK is 0 are dropped and
## the kept ones are scaled by 1/KEEP_PROB so the expected activation is unchanged. MASK is a
## 0/1 matrix of the same shape as A (never broadcast); KEEP_PROB is in (0, 1].

function A = dropout_forward (A, mask, keep_prob)
  fname = "dropout_forward";
  if (nargin != 3)
    print_usage ();
  endif
  keep_prob = check_dropout (fname, "A", A, mask, keep_prob);
  A = dropout_forward_unchecked (A, mask, keep_prob);
endfunction

%!test
%! ## By hand: [2 4; 6 8] kept where the mask is 1 and divided by 0.8.
%! A = dropout_forward ([2 4; 6 8], [1 0; 0 1], 0.8);
%! assert (A, [2.5 0; 0 10], 1e-15);
%!assert (dropout_forward ([1 2 3], [1 1 1], 1), [1 2 3])
%!assert (dropout_forward ([1 2 3], [1 0 1], int8 (1)), [1 0 3])
%!error <dropout_forward: 'mask' must be a 2x2 matrix of 0/1; got a 1x2 double> dropout_forward (ones (2), [1 0], 0.5)
%!error <dropout_forward: 'mask' must be a 2x2 matrix of 0/1; got 2 at row 1, column 1> dropout_forward (ones (2), [2 0; 1 1], 0.5)
%!error <dropout_forward: 'keep_prob' must be a number in \(0, 1\]; got 0> dropout_forward (ones (2), ones (2), 0)
%!error <dropout_forward: 'keep_prob' must be a number in \(0, 1\]; got 1.2> dropout_forward (ones (2), ones (2), 1.2)
