## raise_bad_input (fname, arg, expected, actual)
##
## Raise the project's bad-input error, identifier "nnparity:badInput", with the message
## "[Octave] <fname>: '<arg>' must be <expected>; got <actual>" (docs/CONTRACT.md, Errors).
## Every validator goes through here so the format exists in exactly one place.

function raise_bad_input (fname, arg, expected, actual)
  error ("nnparity:badInput", "[Octave] %s: '%s' must be %s; got %s", fname, arg, expected, actual);
endfunction

%!error <\[Octave\] f: 'x' must be positive; got -1> raise_bad_input ("f", "x", "positive", "-1")
%!test
%! try
%!   raise_bad_input ("f", "x", "positive", "-1");
%!   error ("not reached");
%! catch err
%!   assert (err.identifier, "nnparity:badInput");
%! end_try_catch
