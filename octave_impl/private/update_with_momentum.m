## [params, v] = update_with_momentum (params, grads, v, beta, learning_rate)
##
## One momentum step per tensor theta of PARAMS with its gradient d from GRADS and its velocity
## from V (dW1, db1, ...): v = BETA v + (1 - BETA) d;  theta -= LEARNING_RATE v.

function [params, v] = update_with_momentum (params, grads, v, beta, learning_rate)
  L = numfields (params) / 2;
  names = parameter_names (L);
  for i = 1:2*L
    p = names{i};
    g = ["d" p];
    v.(g) = beta * v.(g) + (1 - beta) * grads.(g);
    params.(p) = params.(p) - learning_rate * v.(g);
  endfor
endfunction

%!test
%! ## beta .9, alpha .1 from v = 0: v = .1 [.1 -.2] = [.01 -.02], vb = .04; W = [.999 2.002], b = .496.
%! ## Second layer from v = [1 1], d = [0 2]: v = [.9 1.1], W = [1 1] - .1 [.9 1.1].
%! p = struct ("W1", [1 2], "b1", 0.5, "W2", [1 1], "b2", 0);
%! g = struct ("dW1", [0.1 -0.2], "db1", 0.4, "dW2", [0 2], "db2", 0);
%! v = struct ("dW1", [0 0], "db1", 0, "dW2", [1 1], "db2", 0);
%! [q, v] = update_with_momentum (p, g, v, 0.9, 0.1);
%! assert (v.dW1, [0.01 -0.02], 1e-15);
%! assert (v.db1, 0.04, 1e-15);
%! assert (q.W1, [0.999 2.002], 1e-15);
%! assert (q.b1, 0.496, 1e-15);
%! assert (v.dW2, [0.9 1.1], 1e-15);
%! assert (q.W2, [0.91 0.89], 1e-15);
