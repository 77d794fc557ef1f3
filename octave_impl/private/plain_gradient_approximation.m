## [gradapprox, kinked] = plain_gradient_approximation (X, Y, params, layer_dims, options, masks, caches)
##
## The reference loop of the gradient check: for every component i of the flat vector theta,
## two full forward passes through compute_cost (cost_at),
##   gradapprox(i) = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps),  eps = options.grad_check_epsilon.
## KINKED (P x 1 logical): with relu / leaky_relu hidden layers, the components whose + or -
## pass puts some hidden pre-activation on the other side of 0 (z > 0 vs z <= 0) than the
## unperturbed pass CACHES. OPTIONS is a checked options struct; MASKS the fixed dropout masks.

function [gradapprox, kinked] = plain_gradient_approximation (X, Y, params, layer_dims, options, masks, caches)
  epsilon = options.grad_check_epsilon;
  theta = parameters_to_vector (params);
  P = numel (theta);
  L = numel (layer_dims) - 1;
  check_kinks = any (strcmp (options.hidden_activation, {"relu", "leaky_relu"}));
  gradapprox = zeros (P, 1);
  kinked = false (P, 1);
  for i = 1:P
    theta_plus = theta;
    theta_plus(i) = theta_plus(i) + epsilon;
    [J_plus, caches_plus] = cost_at (theta_plus, X, Y, layer_dims, options, masks);
    theta_minus = theta;
    theta_minus(i) = theta_minus(i) - epsilon;
    [J_minus, caches_minus] = cost_at (theta_minus, X, Y, layer_dims, options, masks);
    gradapprox(i) = (J_plus - J_minus) / (2 * epsilon);
    if (check_kinks)
      for l = 1:L-1
        signs = caches{l}.Z > 0;
        kinked(i) = kinked(i) || any ((caches_plus{l}.Z(:) > 0) != signs(:)) ...
                              || any ((caches_minus{l}.Z(:) > 0) != signs(:));
      endfor
    endif
  endfor
endfunction

%!test
%! ## Component 4 of a [2 3 1] tanh net is W1(1, 2) (W1 is 3x2, column-major): its quotient is
%! ## the two-sided difference of compute_cost with that weight moved.
%! randn ("state", 3);
%! X = randn (2, 5); Y = [0 1 1 0 1];
%! p = initialize_parameters ([2 3 1], "xavier");
%! o = check_options ("t", struct ("hidden_activation", "tanh"));
%! [AL, caches] = forward_propagation (X, p, "tanh", "sigmoid", 1, {});
%! [a, kinked] = plain_gradient_approximation (X, Y, p, [2 3 1], o, {}, caches);
%! assert (size (a), [13 1]);
%! assert (! any (kinked));
%! e = 1e-7; pp = p; pm = p;
%! pp.W1(1, 2) += e; pm.W1(1, 2) -= e;
%! [~, cp] = forward_propagation (X, pp, "tanh", "sigmoid", 1, {});
%! [~, cm] = forward_propagation (X, pm, "tanh", "sigmoid", 1, {});
%! assert (a(4), (compute_cost (cp{2}.Z, Y, "sigmoid") - compute_cost (cm{2}.Z, Y, "sigmoid")) / (2 * e), 1e-15);
%!test
%! ## A kink: hidden unit 1 sits at z = 0 on example 1, so W1(1, :) and b1(1) are kinked.
%! X = [1 0.5; 1 -1]; Y = [1 0];
%! p = struct ("W1", [1 -1; 0.4 0.7], "b1", [0; 0.1], "W2", [1.5 -0.8], "b2", 0.1);
%! o = check_options ("t", struct ());
%! [~, caches] = forward_propagation (X, p, "relu", "sigmoid", 1, {});
%! [~, kinked] = plain_gradient_approximation (X, Y, p, [2 2 1], o, {}, caches);
%! assert (find (kinked)', [1 3 5]);
