## index = check_permutations (fname, permutations, m, num_epochs, argname)
##
## Validate 0-based permutations on behalf of FNAME: an m x NUM_EPOCHS real matrix whose every
## column is a permutation of 0..m-1. With NUM_EPOCHS = 1 any vector of length m is accepted
## (a single permutation, row or column). Returns the 1-based m x NUM_EPOCHS index matrix.
## ARGNAME names the argument in errors ("permutations" unless given).

function index = check_permutations (fname, permutations, m, num_epochs, argname)
  if (nargin < 5)
    argname = "permutations";
  endif
  expected = sprintf ("a %dx%d matrix whose columns are permutations of 0..%d", m, num_epochs, m - 1);
  if (! (isnumeric (permutations) && isreal (permutations) && ndims (permutations) == 2))
    raise_bad_input (fname, argname, expected, describe_value (permutations));
  endif
  if (num_epochs == 1 && isvector (permutations) && numel (permutations) == m)
    permutations = permutations(:);
  endif
  if (! isequal (size (permutations), [m, num_epochs]))
    raise_bad_input (fname, argname, expected, describe_value (permutations));
  endif
  index = double (permutations) + 1;
  bad_column = find (any (sort (index, 1) != (1:m)', 1), 1);
  if (! isempty (bad_column))
    raise_bad_input (fname, argname, expected, sprintf ("column %d = [%s]", bad_column, ...
                     strjoin (arrayfun (@num2str, permutations(1:min (m, 10), bad_column)', "UniformOutput", false), " ")));
  endif
endfunction

%!assert (check_permutations ("f", [2 0 1], 3, 1), [3; 1; 2])
%!assert (check_permutations ("f", [2; 0; 1], 3, 1), [3; 1; 2])
%!assert (check_permutations ("f", [0 1; 1 0], 2, 2), [1 2; 2 1])
%!assert (check_permutations ("f", int64 ([1 0]), 2, 1), [2; 1])
%!error <f: 'permutations' must be a 3x2 matrix whose columns are permutations of 0..2; got a 3x1 double> check_permutations ("f", [0; 1; 2], 3, 2)
%!error <f: 'permutations' must be a 3x1 matrix whose columns are permutations of 0..2; got column 1 = \[1 2 3\]> check_permutations ("f", [1 2 3], 3, 1)
%!error <f: 'permutations' must be .*; got column 2 = \[0 0 2\]> check_permutations ("f", [0 0; 1 0; 2 2], 3, 2)
%!error <f: 'permutations' must be .*; got column 1 = \[0 0.5 2\]> check_permutations ("f", [0 0.5 2], 3, 1)
%!error <f: 'permutation' must be a 3x1 matrix .*; got a 1x2 double> check_permutations ("f", [0 1], 3, 1, "permutation")
