## [X, Y] = check_data (fname, X, Y, output_activation, n_out)
##
## Validate the data of docs/CONTRACT.md on behalf of the public function FNAME:
## X must be a finite, non-empty, real numeric matrix (n_x x m); Y, when given, a 1 x m row of
## labels; with OUTPUT_ACTIVATION the labels must be 0/1 ("sigmoid") or integers in
## 0..N_OUT-1 ("softmax", N_OUT = rows of the output layer). Pass [] for Y or for
## OUTPUT_ACTIVATION to skip those checks. Both come back as doubles.

function [X, Y] = check_data (fname, X, Y, output_activation, n_out)
  if (nargin < 3)
    Y = [];
  endif
  if (nargin < 4)
    output_activation = [];
  endif
  if (nargin < 5)
    n_out = [];
  endif

  expected = "a finite non-empty real numeric matrix (n_x x m)";
  if (! ((isnumeric (X) || islogical (X)) && isreal (X) && ndims (X) == 2))
    raise_bad_input (fname, "X", expected, describe_value (X));
  endif
  if (isempty (X))
    raise_bad_input (fname, "X", expected, describe_value (X));
  endif
  X = double (X);
  bad = find (! isfinite (X), 1);
  if (! isempty (bad))
    [r, c] = ind2sub (size (X), bad);
    raise_bad_input (fname, "X", expected, sprintf ("%s at row %d, column %d", num2str (X(bad)), r, c));
  endif

  if (nargin < 3 || (isempty (Y) && isempty (output_activation)))
    return;
  endif
  m = columns (X);
  Y = check_labels (fname, Y, m, output_activation, n_out);
endfunction

%!test
%! [X, Y] = check_data ("f", int8 ([1 2; 3 4]), [0 1], "sigmoid", 1);
%! assert (X, [1 2; 3 4]);
%! assert (class (X), "double");
%! assert (Y, [0 1]);
%!test
%! [X, Y] = check_data ("f", [1 2 3], [2 0 1], "softmax", 3);
%! assert (Y, [2 0 1]);
%!test
%! X = check_data ("f", [1 2 3]);
%! assert (X, [1 2 3]);

%!error <f: 'X' must be a finite non-empty real numeric matrix .*; got an empty 0x0 double> check_data ("f", [])
%!error <f: 'X' must be a finite non-empty real numeric matrix .*; got NaN at row 2, column 1> check_data ("f", [1 2; NaN 3])
%!error <f: 'X' must be a finite non-empty real numeric matrix .*; got Inf at row 1, column 2> check_data ("f", [1 Inf])
%!error <f: 'X' must be .*; got 'ab'> check_data ("f", "ab")
%!error <f: 'X' must be .*; got a 2x2x2 double> check_data ("f", ones (2, 2, 2))
%!error <f: 'Y' must be a 1x3 row of labels .*; got a 3x1 double> check_data ("f", ones (2, 3), [0; 1; 0], "sigmoid", 1)
%!error <f: 'Y' must be a 1x3 row of labels .*; got a 1x2 double> check_data ("f", ones (2, 3), [0 1], "sigmoid", 1)
%!error <f: 'Y' must be labels 0 or 1 for a sigmoid output; got 2 at column 3> check_data ("f", ones (2, 3), [0 1 2], "sigmoid", 1)
%!error <f: 'Y' must be labels 0 or 1 for a sigmoid output; got 0.5 at column 1> check_data ("f", ones (2, 3), [0.5 1 0], "sigmoid", 1)
%!error <f: 'Y' must be integer labels in 0..2 for a softmax output with 3 classes; got 3 at column 2> check_data ("f", ones (2, 3), [0 3 1], "softmax", 3)
%!error <f: 'Y' must be integer labels in 0..2 .*; got -1 at column 1> check_data ("f", ones (2, 3), [-1 0 1], "softmax", 3)
%!error <f: 'Y' must be integer labels in 0..2 .*; got 1.5 at column 3> check_data ("f", ones (2, 3), [0 1 1.5], "softmax", 3)
