## names = gradient_names (L)
##
## The gradient names of an L-layer network in the canonical order, a 1 x 2L cell:
## {"dW1", "db1", ..., "dWL", "dbL"} (parameter_names with a "d"). Remembered per L.

function names = gradient_names (L)
  persistent known = {};
  if (L < 1)
    names = cell (1, 0);
    return;
  endif
  if (L > numel (known) || isempty (known{L}))
    known{L} = strcat ("d", parameter_names (L));
  endif
  names = known{L};
endfunction

%!assert (gradient_names (1), {"dW1", "db1"})
%!assert (gradient_names (3), {"dW1", "db1", "dW2", "db2", "dW3", "db3"})
%!assert (gradient_names (0), cell (1, 0))
