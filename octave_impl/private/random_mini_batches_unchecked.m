## [mini_batches, ranges] = random_mini_batches_unchecked (X, Y, permutation, batch_size)
##
## random_mini_batches without the argument checks (PERMUTATION a 0-based permutation of the m
## columns, BATCH_SIZE a positive whole number), for the training loop: consecutive slices of
## BATCH_SIZE permuted columns as a 1 x nb cell of structs X, Y, and RANGES (nb x 2) their
## 0-based [start, stop) positions in the permuted order.

function [mini_batches, ranges] = random_mini_batches_unchecked (X, Y, permutation, batch_size)
  m = columns (X);
  order = double (permutation(:)') + 1;
  X_shuffled = X(:, order);
  Y_shuffled = Y(:, order);
  starts = 0:batch_size:m-1;
  stops = min (starts + batch_size, m);
  ranges = [starts', stops'];
  mini_batches = cell (1, numel (starts));
  for k = 1:numel (starts)
    columns_k = starts(k) + 1 : stops(k);
    mini_batches{k} = struct ("X", X_shuffled(:, columns_k), "Y", Y_shuffled(:, columns_k));
  endfor
endfunction

%!test
%! ## The twin of random_mini_batches: the same batches and ranges.
%! X = [10 20 30 40 50; 1 2 3 4 5];
%! Y = [0 1 0 1 1];
%! [b, r] = random_mini_batches_unchecked (X, Y, [4 2 0 1 3], 2);
%! [b2, r2] = random_mini_batches (X, Y, [4 2 0 1 3], 2);
%! assert (b, b2);
%! assert (r, r2);
