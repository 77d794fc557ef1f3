## text = describe_labels (Y)
##
## A short description of a label row for the "got ..." part of an error message: its distinct
## finite values, at most six of them ("labels {0, 1, 2}", "labels {0, 1, 2, 3, 4, 5, ...}"),
## followed by " and non-finite values" when it holds NaN or Inf.

function text = describe_labels (Y)
  Y = double (Y(:)');
  values = unique (Y(isfinite (Y)));
  shown = strjoin (arrayfun (@(v) sprintf ("%g", v), values(1:min (end, 6)), "UniformOutput", false), ", ");
  if (numel (values) > 6)
    shown = [shown ", ..."];
  endif
  text = sprintf ("labels {%s}", shown);
  if (! all (isfinite (Y)))
    text = [text " and non-finite values"];
  endif
endfunction

%!assert (describe_labels ([2 0 1 0 2]), "labels {0, 1, 2}")
%!assert (describe_labels ([0 0.5 NaN]), "labels {0, 0.5} and non-finite values")
%!assert (describe_labels (0:9), "labels {0, 1, 2, 3, 4, 5, ...}")
%!assert (describe_labels (int8 ([3 1])), "labels {1, 3}")
%!assert (describe_labels (zeros (1, 0)), "labels {}")
