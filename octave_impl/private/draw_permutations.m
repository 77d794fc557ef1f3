## permutations = draw_permutations (m, num_epochs, batch_size)
##
## Standalone training draws: one permutation of 0..M-1 per epoch (an M x NUM_EPOCHS double
## matrix, 0-based) from Octave's randperm, epoch by epoch; the identity in every column when
## BATCH_SIZE >= M (one batch holds every example, so the order cannot matter).

function permutations = draw_permutations (m, num_epochs, batch_size)
  if (batch_size >= m)
    permutations = repmat ((0:m-1)', 1, num_epochs);
    return;
  endif
  permutations = zeros (m, num_epochs);
  for epoch = 1:num_epochs
    permutations(:, epoch) = randperm (m)' - 1;
  endfor
endfunction

%!assert (draw_permutations (3, 2, 3), [0 0; 1 1; 2 2])
%!assert (draw_permutations (3, 2, 64), [0 0; 1 1; 2 2])
%!test
%! rand ("state", 1);
%! P = draw_permutations (6, 4, 2);
%! assert (size (P), [6 4]);
%! assert (sort (P), repmat ((0:5)', 1, 4));
%! rand ("state", 1);
%! first = randperm (6)' - 1;
%! assert (P(:, 1), first);
%! rand ("state", 42);
