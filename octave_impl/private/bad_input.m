## bad_input (fname, argument, expected, actual)
##
## Raise the project's bad-input error, identifier "nnparity:badInput", with the message
## "[Octave] <fname>: '<argument>' must be <expected>; got <actual>" (docs/CONTRACT.md, Errors).
## Every validator goes through here so the format exists in exactly one place. FNAME is the
## Internal API's `function` argument (the contract function on whose behalf a check runs),
## renamed because `function` is an Octave keyword; the check helpers name it FNAME too.

function bad_input (fname, argument, expected, actual)
  error ("nnparity:badInput", "[Octave] %s: '%s' must be %s; got %s", fname, argument, expected, actual);
endfunction

%!error <\[Octave\] f: 'x' must be positive; got -1> bad_input ("f", "x", "positive", "-1")
%!test
%! try
%!   bad_input ("f", "x", "positive", "-1");
%!   error ("not reached");
%! catch err
%!   assert (err.identifier, "nnparity:badInput");
%!   assert (err.message, "[Octave] f: 'x' must be positive; got -1");
%! end_try_catch
