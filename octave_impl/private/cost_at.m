## [J, caches] = cost_at (theta, X, Y, layer_dims, options, masks)
##
## The cost J(theta) the gradient check differentiates: THETA (flat, canonical order) is cut
## back into parameters (vector_to_parameters), then the forward pass (with the fixed dropout
## MASKS when options.keep_prob < 1) and the cost on the output logits (with options.lambd) run
## exactly as for the analytic gradient, through the unchecked twins (the inputs were checked by
## gradient_check). CACHES of that pass are returned for kink detection. OPTIONS is a checked
## options struct (check_options).

function [J, caches] = cost_at (theta, X, Y, layer_dims, options, masks)
  params = vector_to_parameters (theta, layer_dims);
  [~, caches] = forward_propagation_unchecked (X, params, options.hidden_activation, options.output_activation, ...
                                               options.keep_prob, masks);
  J = compute_cost_unchecked (caches{end}.Z, Y, options.output_activation, params, options.lambd);
endfunction

%!test
%! ## Equals forward + cost on the same parameters: log 2 for an all-zero net.
%! opts = check_options ("t", struct ());
%! [J, caches] = cost_at (zeros (13, 1), [1 2; 3 4], [0 1], [2 3 1], opts, {});
%! assert (J, log (2), 1e-15);
%! assert (caches{1}.Z, zeros (3, 2));
%!test
%! ## With L2 and dropout: the same as the public functions called on those parameters.
%! randn ("state", 9);
%! X = randn (2, 4); Y = [0 1 1 0]; D = {[1 0 1 1; 1 1 0 1; 0 1 1 1]};
%! p = initialize_parameters ([2 3 1], "he", 4);
%! opts = check_options ("t", struct ("keep_prob", 0.75, "lambd", 0.3));
%! [~, c] = forward_propagation (X, p, "relu", "sigmoid", 0.75, D);
%! assert (cost_at (parameters_to_vector (p), X, Y, [2 3 1], opts, D), compute_cost (c{2}.Z, Y, "sigmoid", p, 0.3));
