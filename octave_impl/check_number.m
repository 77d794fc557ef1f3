## value = check_number (fname, arg, value, ok, expected)
##
## Validate a numeric option for check_options: a finite real scalar for which the predicate
## OK holds, returned as double; otherwise a bad-input error naming ARG, saying EXPECTED.

function value = check_number (fname, arg, value, ok, expected)
  if (! ((isnumeric (value) || islogical (value)) && isscalar (value) && isreal (value)))
    raise_bad_input (fname, arg, expected, describe_value (value));
  endif
  value = double (value);
  if (! (isfinite (value) && ok (value)))
    raise_bad_input (fname, arg, expected, describe_value (value));
  endif
endfunction

%!assert (check_number ("f", "a", int8 (3), @(x) x > 0, "positive"), 3)
%!error <f: 'a' must be positive; got -3> check_number ("f", "a", -3, @(x) x > 0, "positive")
%!error <f: 'a' must be positive; got Inf> check_number ("f", "a", Inf, @(x) x > 0, "positive")
%!error <f: 'a' must be positive; got a 1x2 double> check_number ("f", "a", [1 2], @(x) x > 0, "positive")
