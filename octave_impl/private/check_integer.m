## value = check_integer (fname, argument, value, low)
##
## Validate a whole number >= LOW on behalf of FNAME (a finite real scalar, returned as double);
## otherwise a bad-input error naming ARGUMENT: "a positive integer" when LOW is 1, else
## "an integer >= LOW".

function value = check_integer (fname, argument, value, low)
  if (low == 1)
    expected = "a positive integer";
  else
    expected = sprintf ("an integer >= %d", low);
  endif
  value = check_number (fname, argument, value, expected, @(x) x >= low && x == round (x));
endfunction

%!assert (check_integer ("f", "n", int32 (8), 1), 8)
%!assert (class (check_integer ("f", "n", int32 (8), 1)), "double")
%!assert (check_integer ("f", "n", 0, 0), 0)
%!error <f: 'n' must be a positive integer; got 0> check_integer ("f", "n", 0, 1)
%!error <f: 'n' must be a positive integer; got 2.5> check_integer ("f", "n", 2.5, 1)
%!error <f: 'n' must be an integer .= 0; got -1> check_integer ("f", "n", -1, 0)
%!error <f: 'n' must be an integer .= 0; got 'x'> check_integer ("f", "n", "x", 0)
