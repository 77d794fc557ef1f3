## [J, caches] = gradient_check_cost (theta, layer_dims, X, Y, opts, masks)
##
## The cost J(theta) seen by the gradient check: THETA (flat, canonical order) is cut back
## into parameters, then forward_propagation (with the fixed dropout MASKS when
## opts.keep_prob < 1) and compute_cost (with opts.lambd) run exactly as for the analytic
## gradient. CACHES of that pass are returned for kink detection. OPTS is a checked options
## struct (check_options).

function [J, caches] = gradient_check_cost (theta, layer_dims, X, Y, opts, masks)
  params = vector_to_parameters (theta, layer_dims);
  [AL, caches] = forward_propagation (X, params, opts.hidden_activation, opts.output_activation, opts.keep_prob, masks);
  J = compute_cost (AL, Y, opts.output_activation, params, opts.lambd);
endfunction

%!test
%! ## Equals forward + cost on the same parameters: log 2 for an all-zero net.
%! opts = check_options ("t", struct ());
%! [J, caches] = gradient_check_cost (zeros (13, 1), [2 3 1], [1 2; 3 4], [0 1], opts, {});
%! assert (J, log (2), 1e-15);
%! assert (caches{1}.Z, zeros (3, 2));
