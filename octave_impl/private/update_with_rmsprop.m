## [params, s] = update_with_rmsprop (params, grads, s, beta2, epsilon, learning_rate)
##
## One RMSprop step per tensor theta of PARAMS with its gradient d from GRADS and its second
## moment from S (dW1, db1, ...): s = BETA2 s + (1 - BETA2) d.^2;
## theta -= LEARNING_RATE d ./ (sqrt (s) + EPSILON)  (epsilon outside the square root).

function [params, s] = update_with_rmsprop (params, grads, s, beta2, epsilon, learning_rate)
  L = numfields (params) / 2;
  names = parameter_names (L);
  for i = 1:2*L
    p = names{i};
    g = ["d" p];
    s.(g) = beta2 * s.(g) + (1 - beta2) * grads.(g) .^ 2;
    params.(p) = params.(p) - learning_rate * grads.(g) ./ (sqrt (s.(g)) + epsilon);
  endfor
endfunction

%!test
%! ## beta2 .75, epsilon .01, alpha .1 from s = 0: s = .25 [.01 .04] = [.0025 .01], sqrt = [.05 .1];
%! ## W = [1 - .01 / .06, 2 + .02 / .11]; sb = .04, b = .5 - .04 / .21.
%! p = struct ("W1", [1 2], "b1", 0.5);
%! g = struct ("dW1", [0.1 -0.2], "db1", 0.4);
%! s = struct ("dW1", [0 0], "db1", 0);
%! [q, s] = update_with_rmsprop (p, g, s, 0.75, 0.01, 0.1);
%! assert (s.dW1, [0.0025 0.01], 1e-15);
%! assert (q.W1, [1 - 1/6, 2 + 2/11], 1e-15);
%! assert (q.b1, 0.5 - 4/21, 1e-15);
