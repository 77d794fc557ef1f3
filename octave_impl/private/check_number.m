## value = check_number (fname, argument, value, expected, is_ok)
##
## Validate a number on behalf of FNAME: a finite real scalar (numeric or logical) for which
## the predicate IS_OK holds, returned as double; otherwise a bad-input error naming ARGUMENT and
## saying EXPECTED.

function value = check_number (fname, argument, value, expected, is_ok)
  if (! ((isnumeric (value) || islogical (value)) && isscalar (value) && isreal (value)))
    bad_input (fname, argument, expected, describe_value (value));
  endif
  value = double (value);
  if (! (isfinite (value) && is_ok (value)))
    bad_input (fname, argument, expected, describe_value (value));
  endif
endfunction

%!assert (check_number ("f", "a", int8 (3), "positive", @(x) x > 0), 3)
%!assert (class (check_number ("f", "a", true, "positive", @(x) x > 0)), "double")
%!error <f: 'a' must be positive; got -3> check_number ("f", "a", -3, "positive", @(x) x > 0)
%!error <f: 'a' must be positive; got Inf> check_number ("f", "a", Inf, "positive", @(x) x > 0)
%!error <f: 'a' must be positive; got NaN> check_number ("f", "a", NaN, "positive", @(x) true)
%!error <f: 'a' must be positive; got a 1x2 double> check_number ("f", "a", [1 2], "positive", @(x) x > 0)
%!error <f: 'a' must be positive; got complex 1\+2i> check_number ("f", "a", 1 + 2i, "positive", @(x) x > 0)
