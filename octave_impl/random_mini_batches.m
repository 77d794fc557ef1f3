## [mini_batches, ranges] = random_mini_batches (X, Y, permutation, batch_size)
##
## Split the examples into mini-batches after reordering them by PERMUTATION (0-based: entry
## j says which original example comes at position j): consecutive slices of BATCH_SIZE
## permuted columns, the last one possibly smaller. MINI_BATCHES is a 1 x nb cell of structs
## with fields X and Y; RANGES is nb x 2, row k = [start, stop) of batch k in 0-based permuted
## positions, so per-epoch dropout masks can be sliced the same way (docs/CONTRACT.md).

function [mini_batches, ranges] = random_mini_batches (X, Y, permutation, batch_size)
  fname = "random_mini_batches";
  if (nargin != 4)
    print_usage ();
  endif
  [X, Y] = check_data (fname, X, Y, [], []);
  m = columns (X);
  expected = sprintf ("a %dx1 matrix whose columns are permutations of 0..%d", m, m - 1);
  if (! (isnumeric (permutation) && isreal (permutation) && isvector (permutation) && numel (permutation) == m))
    bad_input (fname, "permutation", expected, describe_value (permutation));
  endif
  order = double (permutation(:)') + 1;
  if (any (sort (order) != 1:m))
    bad_input (fname, "permutation", expected, sprintf ("column 1 = [%s]", ...
               strjoin (arrayfun (@num2str, order(1:min (m, 10)) - 1, "UniformOutput", false), " ")));
  endif
  batch_size = check_integer (fname, "batch_size", batch_size, 1);
  [mini_batches, ranges] = random_mini_batches_unchecked (X, Y, permutation, batch_size);
endfunction

%!test
%! ## By hand: permutation [4 2 0 1 3] orders columns 5 3 1 2 4 (1-based); batches of 2:
%! ## [5 3], [1 2], [4]; ranges [0 2), [2 4), [4 5).
%! X = [10 20 30 40 50; 1 2 3 4 5];
%! Y = [0 1 0 1 1];
%! [b, r] = random_mini_batches (X, Y, [4 2 0 1 3], 2);
%! assert (numel (b), 3);
%! assert (b{1}.X, [50 30; 5 3]);
%! assert (b{1}.Y, [1 0]);
%! assert (b{2}.X, [10 20; 1 2]);
%! assert (b{3}.X, [40; 4]);
%! assert (b{3}.Y, 1);
%! assert (r, [0 2; 2 4; 4 5]);
%!test
%! ## batch_size >= m with the identity: one batch, the data unchanged.
%! X = randn (3, 4); Y = [1 0 1 1];
%! [b, r] = random_mini_batches (X, Y, [0; 1; 2; 3], 64);
%! assert (numel (b), 1);
%! assert (b{1}.X, X);
%! assert (b{1}.Y, Y);
%! assert (r, [0 4]);
%!test
%! ## m divisible by the batch size: no empty last batch.
%! [b, r] = random_mini_batches (1:6, zeros (1, 6), 0:5, 3);
%! assert (r, [0 3; 3 6]);
%! assert (b{2}.X, [4 5 6]);
%!error <random_mini_batches: 'permutation' must be a 3x1 matrix whose columns are permutations of 0..2; got column 1 = \[0 1 1\]> random_mini_batches (ones (2, 3), [0 1 0], [0 1 1], 2)
%!error <random_mini_batches: 'permutation' must be a 3x1 matrix .*; got a 1x2 double> random_mini_batches (ones (2, 3), [0 1 0], [0 1], 2)
%!error <random_mini_batches: 'batch_size' must be a positive integer; got 0> random_mini_batches (ones (2, 3), [0 1 0], [0 1 2], 0)
%!error <random_mini_batches: 'Y' must be a 1x3 row of labels> random_mini_batches (ones (2, 3), [0 1], [0 1 2], 2)
