## [ZL, kinked] = stacked_forward_from_layer (l, Z, params, options, masks, caches, examples, versions, n_versions)
##
## Finish many perturbed forward passes at once for the gradient check. Z (n_l x N) stacks
## pre-activations of layer l: column c is example EXAMPLES(c) (1-based column of X) in version
## VERSIONS(c) (1..N_VERSIONS). The stack is either plain column blocks (every example in every
## version, the fast mode) or ragged (only the examples a version moves, the full mode). The
## hidden layers l .. L-1 apply their activation (and the dropout mask of each column's
## example) and the next layer's linear_forward on the whole stack, so one matrix product
## serves every column. ZL (n_L x N) is the stack of output logits (Z itself when l > L-1, e.g.
## l = L or L + 1). KINKED (N_VERSIONS x 1) flags, for relu / leaky_relu hidden layers, the
## versions in which some pre-activation of layers l .. L-1 is on the other side of 0
## (z > 0 vs z <= 0) than in the unperturbed pass CACHES.

function [ZL, kinked] = stacked_forward_from_layer (l, Z, params, options, masks, caches, examples, versions, n_versions)
  L = numel (caches);
  kinked = false (n_versions, 1);
  if (l > L - 1)
    ZL = Z;                                # no hidden layer left: Z holds the logits
    return;
  elseif (isempty (examples))
    ZL = zeros (rows (caches{L}.Z), 0);   # nothing moved: no logits to recompute
    return;
  endif
  names = parameter_names (L);
  check_kinks = any (strcmp (options.hidden_activation, {"relu", "leaky_relu"}));
  for k = l:L-1
    if (check_kinks)
      flips = any ((Z > 0) != (caches{k}.Z(:, examples) > 0), 1);
      kinked(versions(flips)) = true;
    endif
    A = activation_forward_unchecked (Z, options.hidden_activation);
    if (options.keep_prob < 1)
      A = dropout_forward_unchecked (A, masks{k}(:, examples), options.keep_prob);
    endif
    Z = linear_forward_unchecked (A, params.(names{2*k+1}), params.(names{2*k+2}));
  endfor
  ZL = Z;
endfunction

%!test
%! ## Two versions side by side give the same logits as two separate forward passes, as column
%! ## blocks and as a ragged stack of some of their examples.
%! randn ("state", 1); rand ("state", 1);
%! X = randn (2, 4);
%! p = initialize_parameters ([2 3 2 3], "he", 1);
%! q = p; q.W1(2, 1) += 0.5;
%! D = {double(rand (3, 4) < 0.8), double(rand (2, 4) < 0.8)};
%! opts = check_options ("t", struct ("output_activation", "softmax", "keep_prob", 0.8));
%! [~, cp] = forward_propagation (X, p, "relu", "softmax", 0.8, D);
%! [~, cq] = forward_propagation (X, q, "relu", "softmax", 0.8, D);
%! [ZL, kinked] = stacked_forward_from_layer (1, [cp{1}.Z, cq{1}.Z], p, opts, D, cp, [1:4, 1:4], [1 1 1 1 2 2 2 2], 2);
%! assert (ZL, [cp{3}.Z, cq{3}.Z], 1e-15);
%! assert (kinked(1), false);
%! assert (kinked(2), any ((cq{1}.Z(:) > 0) != (cp{1}.Z(:) > 0)) || any ((cq{2}.Z(:) > 0) != (cp{2}.Z(:) > 0)));
%! ZL = stacked_forward_from_layer (1, [cq{1}.Z(:, [2 4]), cp{1}.Z(:, 3)], p, opts, D, cp, [2 4 3], [2 2 3], 3);
%! assert (ZL, [cq{3}.Z(:, [2 4]), cp{3}.Z(:, 3)], 1e-15);
%! ## From the output layer (or past it) there is nothing left to run.
%! assert (stacked_forward_from_layer (3, [cp{3}.Z, cq{3}.Z], p, opts, D, cp, [1:4, 1:4], [1 1 1 1 2 2 2 2], 2), [cp{3}.Z, cq{3}.Z]);
%! assert (stacked_forward_from_layer (4, [cp{3}.Z, cq{3}.Z], p, opts, D, cp, [1:4, 1:4], [1 1 1 1 2 2 2 2], 2), [cp{3}.Z, cq{3}.Z]);
%! ## An empty stack: no logits, no kinks.
%! [ZL, kinked] = stacked_forward_from_layer (2, zeros (2, 0), p, opts, D, cp, zeros (1, 0), zeros (1, 0), 2);
%! assert (size (ZL), [3 0]);
%! assert (kinked, [false; false]);
%!test
%! ## A version whose pre-activation crosses 0 is flagged; tanh never is.
%! opts = check_options ("t", struct ());
%! p = struct ("W1", [1; -1], "b1", [0; 0], "W2", [1 1], "b2", 0);
%! [~, caches] = forward_propagation ([1 2], p, "relu", "sigmoid", 1, {});
%! [~, kinked] = stacked_forward_from_layer (1, [caches{1}.Z, [1 -2; -1 -2]], p, opts, {}, caches, [1 2 1 2], [1 1 2 2], 2);
%! assert (kinked, [false; true]);
%! [~, kinked] = stacked_forward_from_layer (1, [1; 1], p, opts, {}, caches, 2, 2, 3);
%! assert (kinked, [false; true; false]);
%! [~, kinked] = stacked_forward_from_layer (1, [caches{1}.Z, [1 -2; -1 -2]], p, setfield (opts, "hidden_activation", "tanh"), {}, caches, [1 2 1 2], [1 1 2 2], 2);
%! assert (kinked, [false; false]);
