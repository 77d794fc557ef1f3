## [X, Y] = check_data (fname, X, Y, output_activation, n_classes)
##
## Validate the data of docs/CONTRACT.md on behalf of FNAME: X a finite, non-empty, real
## numeric matrix (n_x x m, check_matrix) and Y its labels (check_labels): a 1 x m row, 0/1 for a
## "sigmoid" OUTPUT_ACTIVATION, integers in 0..N_CLASSES-1 for "softmax"; with [] for
## OUTPUT_ACTIVATION the label values are not checked. Both come back as doubles.

function [X, Y] = check_data (fname, X, Y, output_activation, n_classes)
  X = check_matrix (fname, "X", X, true);
  Y = check_labels (fname, Y, columns (X), output_activation, n_classes);
endfunction

%!test
%! [X, Y] = check_data ("f", int8 ([1 2; 3 4]), [0 1], "sigmoid", 1);
%! assert (X, [1 2; 3 4]);
%! assert (class (X), "double");
%! assert (Y, [0 1]);
%!test
%! [X, Y] = check_data ("f", [1 2 3], int8 ([2 0 1]), "softmax", 3);
%! assert (Y, [2 0 1]);
%! assert (class (Y), "double");
%!test
%! [~, Y] = check_data ("f", [1 2 3], [7 8 9], [], []);
%! assert (Y, [7 8 9]);

%!error <f: 'X' must be a finite non-empty real numeric matrix; got an empty 0x0 double> check_data ("f", [], [], [], [])
%!error <f: 'X' must be a finite non-empty real numeric matrix; got NaN at row 2, column 1> check_data ("f", [1 2; NaN 3], [0 1], [], [])
%!error <f: 'X' must be a finite non-empty real numeric matrix; got Inf at row 1, column 2> check_data ("f", [1 Inf], [0 1], [], [])
%!error <f: 'X' must be .*; got 'ab'> check_data ("f", "ab", [0 1], [], [])
%!error <f: 'X' must be .*; got a 2x2x2 double> check_data ("f", ones (2, 2, 2), [0 1], [], [])
%!error <f: 'Y' must be a 1x3 row of labels .*; got a 3x1 double> check_data ("f", ones (2, 3), [0; 1; 0], "sigmoid", 1)
%!error <f: 'Y' must be a 1x3 row of labels .*; got a 1x2 double> check_data ("f", ones (2, 3), [0 1], "sigmoid", 1)
%!error <f: 'Y' must be labels 0 or 1 for a sigmoid output; got 2 at column 3> check_data ("f", ones (2, 3), [0 1 2], "sigmoid", 1)
%!error <f: 'Y' must be integer labels in 0..2 for a softmax output with 3 classes; got 3 at column 2> check_data ("f", ones (2, 3), [0 3 1], "softmax", 3)
