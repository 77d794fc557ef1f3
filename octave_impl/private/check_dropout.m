## keep_prob = check_dropout (fname, argname, A, mask, keep_prob)
##
## The arguments of dropout_forward and dropout_backward: A (named ARGNAME in messages) a real
## numeric matrix, MASK a 0/1 matrix of A's shape (never broadcast), KEEP_PROB a number in
## (0, 1]. Returns KEEP_PROB as a double. Cheap checks only (few builtin calls, sizes read once):
## the training loop runs each dropout function once per hidden layer and update.

function keep_prob = check_dropout (fname, argname, A, mask, keep_prob)
  [n, m, more] = size (A);
  if (! (isnumeric (A) && isreal (A) && more == 1))
    bad_input (fname, argname, "a real numeric matrix", describe_value (A));
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
endfunction

%!assert (check_dropout ("f", "A", ones (2), [1 0; 0 1], int8 (1)), 1)
%!error <f: 'mask' must be a 2x2 matrix of 0/1; got 2 at row 1, column 1> check_dropout ("f", "A", ones (2), [2 0; 1 1], 0.5)
%!error <f: 'dA' must be a real numeric matrix; got a 1x1 cell> check_dropout ("f", "dA", {1}, 1, 0.5)
%!error <f: 'keep_prob' must be a number in \(0, 1\]; got 0> check_dropout ("f", "A", ones (2), ones (2), 0)
