## names = parameter_names (L)
##
## The parameter names of an L-layer network in the canonical order, a 1 x 2L cell:
## {"W1", "b1", ..., "WL", "bL"}. Remembered per L (a persistent table), so the loops index
## structs by name without formatting a name per access.

function names = parameter_names (L)
  persistent known = {};
  if (L < 1)
    names = cell (1, 0);
    return;
  endif
  if (L > numel (known) || isempty (known{L}))
    names = cell (1, 2 * L);
    for l = 1:L
      names{2*l-1} = sprintf ("W%d", l);
      names{2*l} = sprintf ("b%d", l);
    endfor
    known{L} = names;
  endif
  names = known{L};
endfunction

%!assert (parameter_names (1), {"W1", "b1"})
%!assert (parameter_names (3), {"W1", "b1", "W2", "b2", "W3", "b3"})
%!assert (parameter_names (2), {"W1", "b1", "W2", "b2"})
%!assert (parameter_names (0), cell (1, 0))
%!assert (numel (parameter_names (12)), 24)
%!assert (parameter_names (12){23}, "W12")
