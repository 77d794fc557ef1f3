## permutations = check_permutations (fname, permutations, m, num_epochs)
##
## Validate 0-based permutations on behalf of FNAME: an M x NUM_EPOCHS real matrix whose every
## column is a permutation of 0..M-1. With NUM_EPOCHS = 1 any vector of length M is accepted
## (a single permutation, row or column). Returns them 0-based as an M x NUM_EPOCHS double matrix.

function permutations = check_permutations (fname, permutations, m, num_epochs)
  argname = "permutations";
  expected = sprintf ("a %dx%d matrix whose columns are permutations of 0..%d", m, num_epochs, m - 1);
  if (! (isnumeric (permutations) && isreal (permutations) && ndims (permutations) == 2))
    bad_input (fname, argname, expected, describe_value (permutations));
  endif
  if (num_epochs == 1 && isvector (permutations) && numel (permutations) == m)
    permutations = permutations(:);
  endif
  if (! isequal (size (permutations), [m, num_epochs]))
    bad_input (fname, argname, expected, describe_value (permutations));
  endif
  permutations = double (permutations);
  bad_column = find (any (sort (permutations, 1) != (0:m-1)', 1), 1);
  if (! isempty (bad_column))
    bad_input (fname, argname, expected, sprintf ("column %d = [%s]", bad_column, ...
                     strjoin (arrayfun (@num2str, permutations(1:min (m, 10), bad_column)', "UniformOutput", false), " ")));
  endif
endfunction

%!assert (check_permutations ("f", [2 0 1], 3, 1), [2; 0; 1])
%!assert (check_permutations ("f", [2; 0; 1], 3, 1), [2; 0; 1])
%!assert (check_permutations ("f", [0 1; 1 0], 2, 2), [0 1; 1 0])
%!assert (check_permutations ("f", int64 ([1 0]), 2, 1), [1; 0])
%!assert (class (check_permutations ("f", int64 ([1 0]), 2, 1)), "double")
%!error <f: 'permutations' must be a 3x2 matrix whose columns are permutations of 0..2; got a 3x1 double> check_permutations ("f", [0; 1; 2], 3, 2)
%!error <f: 'permutations' must be a 3x1 matrix whose columns are permutations of 0..2; got column 1 = \[1 2 3\]> check_permutations ("f", [1 2 3], 3, 1)
%!error <f: 'permutations' must be .*; got column 2 = \[0 0 2\]> check_permutations ("f", [0 0; 1 0; 2 2], 3, 2)
%!error <f: 'permutations' must be .*; got column 1 = \[0 0.5 2\]> check_permutations ("f", [0 0.5 2], 3, 1)
%!error <f: 'permutations' must be .*; got '012'> check_permutations ("f", "012", 3, 1)
