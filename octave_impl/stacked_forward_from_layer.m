## [ZL, kinked] = stacked_forward_from_layer (l, Z, params, opts, masks, caches)
##
## Finish V forward passes at once for the gradient check. Z (n_l x V m) stacks V versions of
## layer L's pre-activations as column blocks (version v in columns (v-1) m + 1 .. v m); the
## hidden layers l .. L-1 apply their activation (and the dropout mask, repeated per block) and
## the next layer's linear_forward on the whole stack, so one matrix product serves all V. ZL
## (n_L x V m) is the stack of output logits (Z itself when l > L-1, e.g. l = L or L + 1).
## KINKED (V x 1) flags, for relu / leaky_relu hidden layers, the versions in which some
## pre-activation of layers l .. L-1 is on the other side of 0 (z > 0 vs z <= 0) than in the
## unperturbed pass CACHES.

function [ZL, kinked] = stacked_forward_from_layer (l, Z, params, opts, masks, caches)
  L = numel (caches);
  m = columns (caches{1}.Z);
  V = columns (Z) / m;
  check_kinks = any (strcmp (opts.hidden_activation, {"relu", "leaky_relu"}));
  kinked = false (V, 1);
  for k = l:L-1
    if (check_kinks)
      flips = (reshape (Z, rows (Z), m, V) > 0) != (caches{k}.Z > 0);
      kinked = kinked | reshape (any (any (flips, 1), 2), V, 1);
    endif
    A = activation_forward (Z, opts.hidden_activation);
    if (opts.keep_prob < 1)
      mask_blocks = cell (1, V);
      mask_blocks(:) = masks(k);
      A = dropout_forward (A, [mask_blocks{:}], opts.keep_prob);
    endif
    Z = linear_forward (A, params.(sprintf ("W%d", k + 1)), params.(sprintf ("b%d", k + 1)));
  endfor
  ZL = Z;
endfunction

%!test
%! ## Two versions side by side give the same logits as two separate forward passes.
%! randn ("state", 1); rand ("state", 1);
%! X = randn (2, 4);
%! p = initialize_parameters ([2 3 2 3], "he", 1);
%! q = p; q.W1(2, 1) += 0.5;
%! D = {double(rand (3, 4) < 0.8), double(rand (2, 4) < 0.8)};
%! opts = check_options ("t", struct ("output_activation", "softmax", "keep_prob", 0.8));
%! [~, cp] = forward_propagation (X, p, "relu", "softmax", 0.8, D);
%! [~, cq] = forward_propagation (X, q, "relu", "softmax", 0.8, D);
%! [ZL, kinked] = stacked_forward_from_layer (1, [cp{1}.Z, cq{1}.Z], p, opts, D, cp);
%! assert (ZL, [cp{3}.Z, cq{3}.Z], 1e-15);
%! assert (kinked(1), false);
%! assert (kinked(2), any ((cq{1}.Z(:) > 0) != (cp{1}.Z(:) > 0)) || any ((cq{2}.Z(:) > 0) != (cp{2}.Z(:) > 0)));
%! ## From the output layer (or past it) there is nothing left to run.
%! assert (stacked_forward_from_layer (3, [cp{3}.Z, cq{3}.Z], p, opts, D, cp), [cp{3}.Z, cq{3}.Z]);
%! assert (stacked_forward_from_layer (4, [cp{3}.Z, cq{3}.Z], p, opts, D, cp), [cp{3}.Z, cq{3}.Z]);
%!test
%! ## A version whose pre-activation crosses 0 is flagged; tanh never is.
%! opts = check_options ("t", struct ());
%! p = struct ("W1", [1; -1], "b1", [0; 0], "W2", [1 1], "b2", 0);
%! [~, caches] = forward_propagation ([1 2], p, "relu", "sigmoid", 1, {});
%! [~, kinked] = stacked_forward_from_layer (1, [caches{1}.Z, [1 -2; -1 -2]], p, opts, {}, caches);
%! assert (kinked, [false; true]);
%! [~, kinked] = stacked_forward_from_layer (1, [caches{1}.Z, [1 -2; -1 -2]], p, setfield (opts, "hidden_activation", "tanh"), {}, caches);
%! assert (kinked, [false; false]);
