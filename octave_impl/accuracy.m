## fraction = accuracy (labels, Y)
##
## Fraction in [0, 1] of positions where the predicted LABELS equal the true labels Y (both
## 1 x m rows of 0-based labels, same size).

function fraction = accuracy (labels, Y)
  fname = "accuracy";
  if (nargin != 2)
    print_usage ();
  endif
  if (! ((isnumeric (labels) || islogical (labels)) && isreal (labels) && ndims (labels) == 2 ...
         && rows (labels) == 1 && ! isempty (labels)))
    bad_input (fname, "labels", "a non-empty 1 x m row of labels", describe_value (labels));
  endif
  Y = check_labels (fname, Y, columns (labels), [], []);
  fraction = mean (double (labels) == Y);
endfunction

%!assert (accuracy ([0 1 1 0], [0 1 0 0]), 0.75)
%!assert (accuracy ([2 0 1], [2 0 1]), 1)
%!assert (accuracy ([1 1], [0 0]), 0)
%!error <accuracy: 'Y' must be a 1x3 row of labels> accuracy ([0 1 1], [0 1])
%!error <accuracy: 'Y' must be a 1x2 row of labels .*; got a 2x1 double> accuracy ([0 1], [0; 1])
%!error <accuracy: 'labels' must be a non-empty 1 x m row of labels; got a 2x1 double> accuracy ([0; 1], [0 1])
