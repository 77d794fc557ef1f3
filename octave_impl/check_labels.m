## Y = check_labels (fname, Y, m, output_activation, n_out)
##
## Validate labels on behalf of FNAME: Y exactly 1 x M (no transposed or flattened vectors);
## with OUTPUT_ACTIVATION "sigmoid" only 0/1, with "softmax" integers in 0..N_OUT-1; with []
## the values are not checked. Returned as double.

function Y = check_labels (fname, Y, m, output_activation, n_out)
  if (! ((isnumeric (Y) || islogical (Y)) && isreal (Y) && ndims (Y) == 2 && rows (Y) == 1 && columns (Y) == m))
    raise_bad_input (fname, "Y", sprintf ("a 1x%d row of labels (one per column of X)", m), describe_value (Y));
  endif
  Y = double (Y);
  if (isempty (output_activation))
    return;
  endif
  switch (output_activation)
    case "sigmoid"
      bad = find (! (Y == 0 | Y == 1), 1);
      if (! isempty (bad))
        raise_bad_input (fname, "Y", "labels 0 or 1 for a sigmoid output", ...
                         sprintf ("%s at column %d", num2str (Y(bad)), bad));
      endif
    case "softmax"
      bad = find (! (Y >= 0 & Y <= n_out - 1 & Y == round (Y)), 1);
      if (! isempty (bad))
        raise_bad_input (fname, "Y", sprintf ("integer labels in 0..%d for a softmax output with %d classes", n_out - 1, n_out), ...
                         sprintf ("%s at column %d", num2str (Y(bad)), bad));
      endif
  endswitch
endfunction

%!assert (check_labels ("f", [0 1 1], 3, "sigmoid", 1), [0 1 1])
%!assert (check_labels ("f", int32 ([0 2 1]), 3, "softmax", 3), [0 2 1])
%!assert (check_labels ("f", [7 8], 2, [], []), [7 8])
%!error <f: 'Y' must be a 1x3 row of labels \(one per column of X\); got a 3x1 double> check_labels ("f", [0; 1; 1], 3, "sigmoid", 1)
%!error <f: 'Y' must be labels 0 or 1 for a sigmoid output; got NaN at column 2> check_labels ("f", [0 NaN 1], 3, "sigmoid", 1)
