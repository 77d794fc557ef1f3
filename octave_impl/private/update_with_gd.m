## params = update_with_gd (params, grads, learning_rate)
##
## One gradient-descent step on every tensor theta of PARAMS (W1, b1, ...):
## theta -= LEARNING_RATE * d(theta), d(theta) from GRADS (dW1, db1, ...).

function params = update_with_gd (params, grads, learning_rate)
  names = parameter_names (numfields (params) / 2);
  for i = 1:numel (names)
    p = names{i};
    params.(p) = params.(p) - learning_rate * grads.(["d" p]);
  endfor
endfunction

%!test
%! ## By hand, alpha = .5: W1 = 1 - .5 [1 2 3; 4 5 6], b1 = [1; 2] - .5 [1; -1], W2 = [1 1] - [1 0], b2 = 3 - 5.
%! p = struct ("W1", ones (2, 3), "b1", [1; 2], "W2", [1 1], "b2", 3);
%! g = struct ("dW1", [1 2 3; 4 5 6], "db1", [1; -1], "dW2", [2 0], "db2", 10);
%! q = update_with_gd (p, g, 0.5);
%! assert (q.W1, ones (2, 3) - 0.5 * [1 2 3; 4 5 6]);
%! assert (q.b1, [0.5; 2.5]);
%! assert (q.W2, [0 1]);
%! assert (q.b2, -2);
%! assert (fieldnames (q), fieldnames (p));
