## H = one_hot (Y, n_classes)
##
## The N_CLASSES x m indicator of the 0-based labels Y (1 x m): H(Y(i) + 1, i) = 1, 0 elsewhere.

function H = one_hot (Y, n_classes)
  m = numel (Y);
  H = zeros (n_classes, m);
  H(Y(:)' + 1 + n_classes * (0:m-1)) = 1;
endfunction

%!assert (one_hot ([0 2 1 2], 3), [1 0 0 0; 0 0 1 0; 0 1 0 1])
%!assert (one_hot ([1 1], 2), [0 0; 1 1])
%!assert (one_hot (zeros (1, 0), 3), zeros (3, 0))
