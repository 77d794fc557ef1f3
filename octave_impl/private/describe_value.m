## text = describe_value (x)
##
## A short human-readable description of X for the "got ..." part of an error message:
## strings are quoted, scalars printed, everything else shown as size and class.

function text = describe_value (x)
  if (ischar (x) && (isrow (x) || isempty (x)))
    if (numel (x) > 40)
      x = [x(1:37) "..."];
    endif
    text = sprintf ("'%s'", x);
  elseif (isempty (x))
    text = sprintf ("an empty %dx%d %s", rows (x), columns (x), class (x));
  elseif ((isnumeric (x) || islogical (x)) && isscalar (x))
    if (isreal (x))
      text = sprintf ("%.15g", double (x));
      if (str2double (text) != double (x))
        text = sprintf ("%.17g", double (x));   # only when 15 digits do not round-trip
      endif
    else
      text = sprintf ("complex %s", num2str (x));
    endif
  elseif (isstruct (x) && isscalar (x))
    names = fieldnames (x);
    text = sprintf ("a struct with fields {%s}", strjoin (names', ", "));
  else
    dims = sprintf ("%dx", size (x));
    text = sprintf ("a %s %s", dims(1:end-1), class (x));
  endif
endfunction

%!assert (describe_value ("relu"), "'relu'")
%!assert (describe_value (2.5), "2.5")
%!assert (describe_value (-0.1), "-0.1")
%!assert (describe_value (1/3), "0.33333333333333331")
%!assert (describe_value (zeros (3, 0)), "an empty 3x0 double")
%!assert (describe_value (ones (2, 3)), "a 2x3 double")
%!assert (describe_value ({1, 2}), "a 1x2 cell")
%!assert (describe_value (struct ("a", 1, "b", 2)), "a struct with fields {a, b}")
