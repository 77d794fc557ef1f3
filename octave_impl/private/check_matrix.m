## value = check_matrix (fname, argument, value, finite)
##
## Validate a non-empty real numeric (or logical) 2-D matrix on behalf of FNAME, with only
## finite entries when FINITE is true; returned as double. Otherwise a bad-input error naming
## ARGUMENT; for a non-finite entry the message names its value, row and column.

function value = check_matrix (fname, argument, value, finite)
  if (finite)
    expected = "a finite non-empty real numeric matrix";
  else
    expected = "a non-empty real numeric matrix";
  endif
  if (! ((isnumeric (value) || islogical (value)) && isreal (value) && ndims (value) == 2 && ! isempty (value)))
    bad_input (fname, argument, expected, describe_value (value));
  endif
  value = double (value);
  if (finite)
    bad = find (! isfinite (value), 1);
    if (! isempty (bad))
      [r, c] = ind2sub (size (value), bad);
      bad_input (fname, argument, expected, sprintf ("%s at row %d, column %d", num2str (value(bad)), r, c));
    endif
  endif
endfunction

%!test
%! X = check_matrix ("f", "X", int8 ([1 2; 3 4]), true);
%! assert (X, [1 2; 3 4]);
%! assert (class (X), "double");
%!assert (check_matrix ("f", "Z", [NaN Inf], false), [NaN Inf])
%!assert (check_matrix ("f", "Z", true, false), 1)
%!error <f: 'X' must be a finite non-empty real numeric matrix; got NaN at row 2, column 1> check_matrix ("f", "X", [1 2; NaN 3], true)
%!error <f: 'X' must be a finite non-empty real numeric matrix; got -Inf at row 1, column 2> check_matrix ("f", "X", [1 -Inf], true)
%!error <f: 'Z' must be a non-empty real numeric matrix; got an empty 0x0 double> check_matrix ("f", "Z", [], false)
%!error <f: 'Z' must be a non-empty real numeric matrix; got 'ab'> check_matrix ("f", "Z", "ab", false)
%!error <f: 'Z' must be a non-empty real numeric matrix; got a 2x2x2 double> check_matrix ("f", "Z", ones (2, 2, 2), false)
%!error <f: 'Z' must be a non-empty real numeric matrix; got a 1x2 cell> check_matrix ("f", "Z", {1, 2}, false)
