## Y = check_labels (fname, Y, m, output_activation, n_classes)
##
## Validate labels on behalf of FNAME: Y exactly 1 x M (no transposed or flattened vectors);
## with OUTPUT_ACTIVATION "sigmoid" only 0/1, with "softmax" integers in 0..N_CLASSES-1; with []
## the values are not checked. A bad value is reported with its column and the row's distinct
## values (describe_labels). Returned as double.

function Y = check_labels (fname, Y, m, output_activation, n_classes)
  if (! ((isnumeric (Y) || islogical (Y)) && isreal (Y) && ndims (Y) == 2 && rows (Y) == 1 && columns (Y) == m))
    bad_input (fname, "Y", sprintf ("a 1x%d row of labels (one per column of X)", m), describe_value (Y));
  endif
  Y = double (Y);
  if (isempty (output_activation))
    return;
  endif
  if (strcmp (output_activation, "sigmoid"))
    bad = find (! (Y == 0 | Y == 1), 1);
  else
    bad = find (! (Y >= 0 & Y <= n_classes - 1 & Y == round (Y)), 1);
  endif
  if (! isempty (bad))
    if (strcmp (output_activation, "sigmoid"))
      expected = "labels 0 or 1 for a sigmoid output";
    else
      expected = sprintf ("integer labels in 0..%d for a softmax output with %d classes", n_classes - 1, n_classes);
    endif
    bad_input (fname, "Y", expected, sprintf ("%s at column %d (%s)", num2str (Y(bad)), bad, describe_labels (Y)));
  endif
endfunction

%!assert (check_labels ("f", [0 1 1], 3, "sigmoid", 1), [0 1 1])
%!assert (check_labels ("f", int32 ([0 2 1]), 3, "softmax", 3), [0 2 1])
%!assert (check_labels ("f", logical ([0 1]), 2, "sigmoid", 1), [0 1])
%!assert (check_labels ("f", [7 8], 2, [], []), [7 8])
%!error <f: 'Y' must be a 1x3 row of labels \(one per column of X\); got a 3x1 double> check_labels ("f", [0; 1; 1], 3, "sigmoid", 1)
%!error <f: 'Y' must be a 1x3 row of labels .*; got a 1x2 double> check_labels ("f", [0 1], 3, "sigmoid", 1)
%!error <f: 'Y' must be labels 0 or 1 for a sigmoid output; got NaN at column 2 \(labels \{0, 1\} and non-finite values\)> check_labels ("f", [0 NaN 1], 3, "sigmoid", 1)
%!error <f: 'Y' must be labels 0 or 1 for a sigmoid output; got 0.5 at column 1 \(labels \{0, 0.5, 1\}\)> check_labels ("f", [0.5 1 0], 3, "sigmoid", 1)
%!error <f: 'Y' must be integer labels in 0..2 for a softmax output with 3 classes; got 3 at column 2 \(labels \{0, 1, 3\}\)> check_labels ("f", [0 3 1], 3, "softmax", 3)
%!error <f: 'Y' must be integer labels in 0..2 .*; got -1 at column 1> check_labels ("f", [-1 0 1], 3, "softmax", 3)
%!error <f: 'Y' must be integer labels in 0..2 .*; got 1.5 at column 3> check_labels ("f", [0 1 1.5], 3, "softmax", 3)
