## dA = dropout_backward (dA, mask, keep_prob)
##
## Back through inverted dropout: the gradient flows only to the kept units and is scaled by
## 1/KEEP_PROB, mirroring dropout_forward with the same MASK (same shape as dA, 0/1).

function dA = dropout_backward (dA, mask, keep_prob)
  fname = "dropout_backward";
  if (nargin != 3)
    print_usage ();
  endif
  ## Cheap checks only (few builtin calls, sizes read once): the training loop runs this once per
  ## hidden layer and update.
  [n, m, more] = size (dA);
  if (! (isnumeric (dA) && isreal (dA) && more == 1))
    bad_input (fname, "dA", "a real numeric matrix", describe_value (dA));
  endif
  if (! (isscalar (keep_prob) && (isnumeric (keep_prob) || islogical (keep_prob)) && isreal (keep_prob) ...
         && keep_prob > 0 && keep_prob <= 1))
    bad_input (fname, "keep_prob", "a number in (0, 1]", describe_value (keep_prob));
  endif
  [n_mask, m_mask, more_mask] = size (mask);
  if (! ((isnumeric (mask) || islogical (mask)) && isreal (mask) && more_mask == 1 && n_mask == n && m_mask == m))
    bad_input (fname, "mask", sprintf ("a %dx%d matrix of 0/1", n, m), describe_value (mask));
  endif
  if (! all (mask(:) == 0 | mask(:) == 1))
    bad = find (mask != 0 & mask != 1, 1);
    [r, c] = ind2sub (size (mask), bad);
    bad_input (fname, "mask", sprintf ("a %dx%d matrix of 0/1", n, m), sprintf ("%s at row %d, column %d", num2str (mask(bad)), r, c));
  endif
  keep_prob = double (keep_prob);
  dA = dA .* mask / keep_prob;
endfunction

%!assert (dropout_backward ([1 -2; 3 4], [0 1; 1 0], 0.5), [0 -4; 6 0])
%!error <dropout_backward: 'mask' must be a 2x2 matrix of 0/1; got a 2x1 double> dropout_backward (ones (2), [1; 0], 0.5)
%!error <dropout_backward: 'mask' must be a 1x2 matrix of 0/1; got NaN at row 1, column 2> dropout_backward ([1 2], [1 NaN], 0.5)
%!error <dropout_backward: 'dA' must be a real numeric matrix; got a 1x1 cell> dropout_backward ({1}, 1, 0.5)
%!error <dropout_backward: 'keep_prob' must be a number in \(0, 1\]; got -0.5> dropout_backward (ones (2), ones (2), -0.5)
