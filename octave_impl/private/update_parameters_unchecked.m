## [params, state] = update_parameters_unchecked (params, grads, state, options, t, learning_rate)
##
## update_parameters without the argument checks, for the training loop: OPTIONS is a complete,
## checked options record, PARAMS, GRADS and STATE (v, s) agree in shape. One step of
## options.optimizer through its helper: update_with_gd, update_with_momentum (v),
## update_with_rmsprop (s) or update_with_adam (v, s, bias-corrected with the step count T).

function [params, state] = update_parameters_unchecked (params, grads, state, options, t, learning_rate)
  switch (options.optimizer)
    case "gd"
      params = update_with_gd (params, grads, learning_rate);
    case "momentum"
      [params, state.v] = update_with_momentum (params, grads, state.v, options.beta, learning_rate);
    case "rmsprop"
      [params, state.s] = update_with_rmsprop (params, grads, state.s, options.beta2, options.optimizer_epsilon, ...
                                               learning_rate);
    case "adam"
      [params, state.v, state.s] = update_with_adam (params, grads, state.v, state.s, options.beta1, options.beta2, ...
                                                     options.optimizer_epsilon, t, learning_rate);
  endswitch
endfunction

%!test
%! ## The twin of update_parameters: the same parameters and state, bit for bit, for every
%! ## optimiser from a non-zero state, two layers.
%! randn ("state", 6);
%! p = initialize_parameters ([3 4 2], "he", 1);
%! g = struct ("dW1", randn (4, 3), "db1", randn (4, 1), "dW2", randn (2, 4), "db2", randn (2, 1));
%! for opt = {"gd", "momentum", "rmsprop", "adam"}
%!   state = initialize_optimizer (p, opt{1});
%!   state.v.dW2 = randn (2, 4);
%!   state.s.db1 = rand (4, 1);
%!   o = struct ("optimizer", opt{1}, "beta", 0.8, "beta1", 0.7, "beta2", 0.9, "optimizer_epsilon", 1e-3);
%!   [q, s] = update_parameters_unchecked (p, g, state, check_options ("t", o), 3, 0.05);
%!   [q2, s2] = update_parameters (p, g, state, o, 3, 0.05);
%!   assert (q, q2);
%!   assert (s, s2);
%! endfor
