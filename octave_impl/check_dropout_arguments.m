## check_dropout_arguments (fname, argname, A, mask, keep_prob)
##
## Shared validation of dropout_forward and dropout_backward: A (named ARGNAME) a real
## matrix, MASK a 0/1 matrix of exactly A's shape, KEEP_PROB a number in (0, 1].

function check_dropout_arguments (fname, argname, A, mask, keep_prob)
  if (! (isnumeric (A) && isreal (A) && ndims (A) == 2))
    raise_bad_input (fname, argname, "a real numeric matrix", describe_value (A));
  endif
  if (! ((isnumeric (keep_prob) || islogical (keep_prob)) && isscalar (keep_prob) && isreal (keep_prob) ...
         && keep_prob > 0 && keep_prob <= 1))
    raise_bad_input (fname, "keep_prob", "a number in (0, 1]", describe_value (keep_prob));
  endif
  expected = sprintf ("a %dx%d matrix of 0/1", rows (A), columns (A));
  if (! ((isnumeric (mask) || islogical (mask)) && isreal (mask) && isequal (size (mask), size (A))))
    raise_bad_input (fname, "mask", expected, describe_value (mask));
  endif
  bad = find (! (mask == 0 | mask == 1), 1);
  if (! isempty (bad))
    [r, c] = ind2sub (size (mask), bad);
    raise_bad_input (fname, "mask", expected, sprintf ("%s at row %d, column %d", num2str (mask(bad)), r, c));
  endif
endfunction

%!test
%! check_dropout_arguments ("f", "A", ones (2), [1 0; 0 1], 0.5);   # no error
%!error <f: 'dA' must be a real numeric matrix> check_dropout_arguments ("f", "dA", {1}, 1, 0.5)
%!error <f: 'mask' must be a 2x2 matrix of 0/1; got NaN at row 2, column 1> check_dropout_arguments ("f", "A", ones (2), [1 0; NaN 1], 0.5)
