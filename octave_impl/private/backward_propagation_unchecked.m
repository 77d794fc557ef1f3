## grads = backward_propagation_unchecked (AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob)
##
## backward_propagation without the argument checks, for callers whose inputs are already
## valid (the training loop, the gradient check): the same pass, the same result. dZL from
## output_backward, then linear_backward for each layer from L down to 1; a hidden layer's
## incoming dA first goes back through dropout (the cached mask, when KEEP_PROB < 1) and then
## activation_backward. GRADS is a struct dW1, db1, ..., dWL, dbL in that order. It calls the
## layer functions' unchecked twins: options, labels and caches are checked once, by the caller.

function grads = backward_propagation_unchecked (AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob)
  L = numel (caches);
  g = cell (2 * L, 1);   # dW1, db1, ..., dWL, dbL
  dZ = output_backward_unchecked (AL, Y, output_activation);
  [dA, g{2*L-1}, g{2*L}] = linear_backward_unchecked (dZ, caches{L}.linear_cache, lambd);
  for l = L-1:-1:1
    if (keep_prob < 1)
      dA = dropout_backward_unchecked (dA, caches{l}.mask, keep_prob);
    endif
    dZ = activation_backward_unchecked (dA, caches{l}.Z, hidden_activation);
    [dA, g{2*l-1}, g{2*l}] = linear_backward_unchecked (dZ, caches{l}.linear_cache, lambd);
  endfor
  grads = cell2struct (g, gradient_names (L), 1);
endfunction

%!test
%! ## The twin of backward_propagation: the same gradients, bit for bit, in every configuration.
%! randn ("state", 4); rand ("state", 4);
%! X = randn (3, 6);
%! p = initialize_parameters ([3 4 2 3], "he", 2);
%! Y = [0 2 1 1 0 2];
%! D = {double(rand (4, 6) < 0.7), double(rand (2, 6) < 0.7)};
%! for h = {"relu", "leaky_relu", "tanh", "sigmoid"}
%!   for keep_prob = [1 0.7]
%!     masks = {};
%!     if (keep_prob < 1)
%!       masks = D;
%!     endif
%!     [AL, caches] = forward_propagation (X, p, h{1}, "softmax", keep_prob, masks);
%!     g = backward_propagation_unchecked (AL, Y, caches, h{1}, "softmax", 0.3, keep_prob);
%!     assert (g, backward_propagation (AL, Y, caches, h{1}, "softmax", 0.3, keep_prob));
%!     assert (fieldnames (g), {"dW1"; "db1"; "dW2"; "db2"; "dW3"; "db3"});
%!   endfor
%! endfor
%! q = struct ("W1", [1 -1], "b1", 0.5);
%! [AL, caches] = forward_propagation ([1 2; 3 4], struct ("W1", [1 -1], "b1", 0.5), "relu", "sigmoid", 1, {});
%! assert (backward_propagation_unchecked (AL, [1 0], caches, "relu", "sigmoid", 0, 1), ...
%!         backward_propagation (AL, [1 0], caches, "relu", "sigmoid", 0, 1));
%! rand ("state", 42);
