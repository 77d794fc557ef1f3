## Z = moved_stack (l, moves, params, caches)
##
## The ragged stack of the gradient check's full mode from the MOVES of stacked_row_change at
## layer L: one column per moved (version, example), in the order of MOVES.
##  - l = L: that example's column of Z_L with row moves.units(c) set to its changed logit
##    moves.new(c);
##  - l < L: that example's column of Z_{l+1} plus the rank-one term W_{l+1}(:, i) dA, i =
##    moves.units(c), dA = moves.new(c) - moves.old(c) (the change of A_l(i, example)).
## CACHES are the unperturbed pass's.

function Z = moved_stack (l, moves, params, caches)
  L = numel (caches);
  if (l == L)
    Z = caches{L}.Z(:, moves.examples);
    Z(moves.units + rows (Z) * (0:numel (moves.examples) - 1)) = moves.new;
    return;
  endif
  ## Z_{l+1} + W_{l+1}(:, i) dA per moved column, written in place (no temporaries of the stack).
  Z = caches{l + 1}.linear_cache.W(:, moves.units);
  Z .*= moves.new - moves.old;
  Z += caches{l + 1}.Z(:, moves.examples);
endfunction

%!test
%! ## A hidden change pushed into Z_2, an output change replacing a logit; nothing moved.
%! p = struct ("W1", [1; -1], "b1", [0; 0], "W2", [2 3; 4 5], "b2", [0; 0]);
%! [~, caches] = forward_propagation ([1 2], p, "relu", "softmax", 1, {});
%! moves = struct ("examples", [2 1], "versions", [1 2], "units", [1 1], "old", [2 1], "new", [1.5 0]);
%! assert (moved_stack (1, moves, p, caches), [caches{2}.Z(:, 2) - 0.5 * [2; 4], caches{2}.Z(:, 1) - [2; 4]]);
%! moves.units = [2 1];
%! Z = moved_stack (2, moves, p, caches);
%! assert (Z, [[caches{2}.Z(1, 2); 1.5], [0; caches{2}.Z(2, 1)]]);
%! none = struct ("examples", zeros (1, 0), "versions", zeros (1, 0), "units", zeros (1, 0), "old", zeros (1, 0), "new", zeros (1, 0));
%! assert (size (moved_stack (1, none, p, caches)), [2 0]);
