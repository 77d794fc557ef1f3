## n = total_updates (m, batch_size, num_epochs)
##
## The number of updates a training run makes: NUM_EPOCHS * ceil (M / BATCH_SIZE) (the last
## mini-batch of an epoch may be smaller). train_steps' update indices run 0..n-1.

function n = total_updates (m, batch_size, num_epochs)
  n = num_epochs * ceil (m / batch_size);
endfunction

%!assert (total_updates (7, 3, 2), 6)
%!assert (total_updates (6, 3, 2), 4)
%!assert (total_updates (5, 64, 3), 3)
