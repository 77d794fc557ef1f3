## [AL, caches] = forward_propagation_unchecked (X, params, hidden_activation, output_activation, keep_prob, masks)
##
## forward_propagation without the argument checks, for callers whose inputs are already
## valid (the training loop, the gradient check): the same pass, the same result. A0 = X; for
## the hidden layers l < L linear_forward, activation_forward and, when KEEP_PROB < 1, inverted
## dropout with masks{l}; the output layer's linear_forward and output_forward. CACHES is a 1 x L
## cell of structs linear_cache (A_prev, W, b), Z, mask ([] for the output layer and without
## dropout). It calls the layer functions' unchecked twins: options, data, parameters and masks
## are checked once, by the caller.

function [AL, caches] = forward_propagation_unchecked (X, params, hidden_activation, output_activation, keep_prob, masks)
  L = numfields (params) / 2;
  names = parameter_names (L);
  caches = cell (1, L);
  A = X;
  for l = 1:L-1
    [Z, linear_cache] = linear_forward_unchecked (A, params.(names{2*l-1}), params.(names{2*l}));
    A = activation_forward_unchecked (Z, hidden_activation);
    mask = [];
    if (keep_prob < 1)
      mask = masks{l};
      A = dropout_forward_unchecked (A, mask, keep_prob);
    endif
    caches{l} = struct ("linear_cache", linear_cache, "Z", Z, "mask", mask);
  endfor
  [Z, linear_cache] = linear_forward_unchecked (A, params.(names{2*L-1}), params.(names{2*L}));
  AL = output_forward (Z, output_activation);
  caches{L} = struct ("linear_cache", linear_cache, "Z", Z, "mask", []);
endfunction

%!test
%! ## The twin of forward_propagation: the same AL and caches, bit for bit, for every hidden
%! ## activation and output, with and without dropout.
%! randn ("state", 3); rand ("state", 3);
%! X = randn (3, 5);
%! p = initialize_parameters ([3 4 2 3], "he", 2);
%! D = {double(rand (4, 5) < 0.7), double(rand (2, 5) < 0.7)};
%! for h = {"relu", "leaky_relu", "tanh", "sigmoid"}
%!   for keep_prob = [1 0.7]
%!     masks = {};
%!     if (keep_prob < 1)
%!       masks = D;
%!     endif
%!     [AL, caches] = forward_propagation_unchecked (X, p, h{1}, "softmax", keep_prob, masks);
%!     [AL2, caches2] = forward_propagation (X, p, h{1}, "softmax", keep_prob, masks);
%!     assert (AL, AL2);
%!     assert (caches, caches2);
%!   endfor
%! endfor
%! q = struct ("W1", p.W1, "b1", p.b1, "W2", [1 -1 0.5 2], "b2", 0.5);
%! [AL, caches] = forward_propagation_unchecked (X, q, "tanh", "sigmoid", 1, {});
%! [AL2, caches2] = forward_propagation (X, q, "tanh", "sigmoid", 1, {});
%! assert (AL, AL2);
%! assert (caches, caches2);
%! rand ("state", 42);
