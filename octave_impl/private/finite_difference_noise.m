## eta = finite_difference_noise (AL, Y, caches, params, options)
##
## The rounding noise of one two-sided quotient (J(theta + eps e) - J(theta - eps e)) / (2 eps)
## at the unperturbed pass (AL, CACHES of forward_propagation), docs/SPEC.md "Noise floor" and
## docs/CONTRACT.md "Gradient check":
##   cost_magnitude = (1/m) sum_i l_i                                  (the cost's terms)
##                  + (1/m) sum_{k,i} |dZL|_{k,i} (|W_L| |A_{L-1}| + |b_L|)_{k,i}
##                                         (the terms summed into each logit, weighted by the
##                                          cost's sensitivity dZL = output_backward (AL, Y))
##                  + the L2 term
##   eta = u sqrt(m) cost_magnitude / eps,  u = 2^-52, eps = options.grad_check_epsilon.
## A set of n compared quotients has noise norm eta * sqrt (n). OPTIONS is a checked options
## struct.

function eta = finite_difference_noise (AL, Y, caches, params, options)
  L = numel (caches);
  m = columns (Y);
  ZL = caches{L}.Z;
  A_prev = caches{L}.linear_cache.A_prev;
  W = caches{L}.linear_cache.W;
  b = caches{L}.linear_cache.b;
  dZL = output_backward_unchecked (AL, Y, options.output_activation);
  spread = abs (W) * abs (A_prev) + abs (b);
  cost_magnitude = (1 / m) * sum (cross_entropy_terms (ZL, Y, options.output_activation)) ...
                   + (1 / m) * sum (sum (abs (dZL) .* spread)) ...
                   + l2_regularization_cost (weight_square_sums (params), options.lambd, m);
  eta = 2 ^ -52 * sqrt (m) * cost_magnitude / options.grad_check_epsilon;
endfunction

%!test
%! ## By hand on a one-layer sigmoid net: ZL = [1 -1], Y = [1 0]: losses log1p(exp(-1)) each,
%! ## dZL = sigmoid(ZL) - Y = [s-1, 1-s] (s = sigmoid(1)), spread |W| |X| + |b| = [2 2],
%! ## L2 .4 / (2*2) * (1 + 4).
%! p = struct ("W1", [1 -2], "b1", 0.5);
%! X = [1 0; 0.25 0.75];                 # ZL = [1 -2] X + .5 = [1 -1]
%! opts = check_options ("t", struct ("lambd", 0.4));
%! [AL, caches] = forward_propagation (X, p, "relu", "sigmoid", 1, {});
%! assert (caches{1}.Z, [1 -1]);
%! s = 1 / (1 + exp (-1));
%! magnitude = log1p (exp (-1)) + (1 / 2) * (2 * (1 - s) * 2) + 0.4 / 4 * 5;
%! assert (finite_difference_noise (AL, [1 0], caches, p, opts), eps * sqrt (2) * magnitude / 1e-7, 1e-22);
%!test
%! ## Scales as 1/eps and is positive on a real net.
%! randn ("state", 3);
%! X = randn (3, 10); Y = floor (3 * rand (1, 10));
%! p = initialize_parameters ([3 4 3], "he", 2);
%! [AL, caches] = forward_propagation (X, p, "tanh", "softmax", 1, {});
%! o = check_options ("t", struct ("output_activation", "softmax"));
%! a = finite_difference_noise (AL, Y, caches, p, o);
%! b = finite_difference_noise (AL, Y, caches, p, setfield (o, "grad_check_epsilon", 1e-5));
%! assert (a > 0);
%! assert (a / b, 100, 1e-10);
