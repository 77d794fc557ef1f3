## [params, v, s] = update_with_adam (params, grads, v, s, beta1, beta2, epsilon, t, learning_rate)
##
## One Adam step per tensor theta of PARAMS with its gradient d from GRADS, first moment from V
## and second moment from S (dW1, db1, ...), bias-corrected with the step count T (from 1):
##   v = BETA1 v + (1 - BETA1) d;   s = BETA2 s + (1 - BETA2) d.^2;
##   v_hat = v / (1 - BETA1^t);     s_hat = s / (1 - BETA2^t);
##   theta -= LEARNING_RATE v_hat ./ (sqrt (s_hat) + EPSILON).

function [params, v, s] = update_with_adam (params, grads, v, s, beta1, beta2, epsilon, t, learning_rate)
  L = numfields (params) / 2;
  names = parameter_names (L);
  for i = 1:2*L
    p = names{i};
    g = ["d" p];
    v.(g) = beta1 * v.(g) + (1 - beta1) * grads.(g);
    s.(g) = beta2 * s.(g) + (1 - beta2) * grads.(g) .^ 2;
    v_hat = v.(g) / (1 - beta1 ^ t);
    s_hat = s.(g) / (1 - beta2 ^ t);
    params.(p) = params.(p) - learning_rate * v_hat ./ (sqrt (s_hat) + epsilon);
  endfor
endfunction

%!test
%! ## beta1 .5, beta2 .75, epsilon .01, alpha .1, t = 1 from zero moments: v_hat = d, s_hat = d.^2,
%! ## so W = [1 - .1 * .1 / .11, 2 + .1 * .2 / .21], b = .5 - .04 / .41.
%! p = struct ("W1", [1 2], "b1", 0.5);
%! g = struct ("dW1", [0.1 -0.2], "db1", 0.4);
%! z = struct ("dW1", [0 0], "db1", 0);
%! [q, v, s] = update_with_adam (p, g, z, z, 0.5, 0.75, 0.01, 1, 0.1);
%! assert (v.dW1, [0.05 -0.1], 1e-15);
%! assert (s.db1, 0.04, 1e-15);
%! assert (q.W1, [1 - 1/11, 2 + 2/21], 1e-15);
%! assert (q.b1, 0.5 - 0.04 / 0.41, 1e-15);
%!test
%! ## t = 2: the bias corrections are 1 - .25 and 1 - .5625.
%! p = struct ("W1", 1, "b1", 0);
%! g = struct ("dW1", 0.11, "db1", 0);
%! [q, v, s] = update_with_adam (p, g, struct ("dW1", 0.05, "db1", 0), struct ("dW1", 0.0025, "db1", 0), 0.5, 0.75, 0.01, 2, 0.1);
%! assert (v.dW1, 0.08, 1e-15);
%! assert (s.dW1, 0.0049, 1e-15);
%! assert (q.W1, 1 - 0.1 * (0.08 / 0.75) / (sqrt (0.0049 / 0.4375) + 0.01), 1e-15);
