## [AL, kinked] = forward_from_layer (Z, k0, B, caches, params, opts, masks, cols)
##
## Finish forward passes of B perturbed copies of the network at once, for the gradient
## check. Z (n_k0 x m*B) holds layer K0's pre-activations of the B copies side by side (copy p
## in columns (p-1)*m+1 .. p*m); layer K0's activation (and dropout, tiled B times) and all
## later layers are run with the usual layer functions, so one matrix product serves all B.
## AL is n_L x m*B. KINKED (B x 1) flags, for relu/leaky_relu hidden layers, the copies in
## which some hidden pre-activation of layers K0..L-1 is on the other side of 0 (z > 0 vs
## z <= 0) than in the unperturbed pass CACHES (from forward_propagation). With COLS, each copy
## holds only those examples (columns of the unperturbed pass), m = numel (COLS).

function [AL, kinked] = forward_from_layer (Z, k0, B, caches, params, opts, masks, cols)
  L = numel (caches);
  if (nargin < 8)
    cols = ":";
  endif
  check_kinks = any (strcmp (opts.hidden_activation, {"relu", "leaky_relu"}));
  kinked = false (B, 1);
  for k = k0:L-1
    if (check_kinks)
      flips = (Z > 0) != repmat (caches{k}.Z(:, cols) > 0, 1, B);
      kinked = kinked | any (reshape (flips, [], B), 1)';
    endif
    A = activation_forward (Z, opts.hidden_activation);
    if (opts.keep_prob < 1)
      A = dropout_forward (A, repmat (masks{k}(:, cols), 1, B), opts.keep_prob);
    endif
    Z = linear_forward (A, params.(sprintf ("W%d", k + 1)), params.(sprintf ("b%d", k + 1)));
  endfor
  if (strcmp (opts.output_activation, "softmax"))
    AL = softmax_forward (Z);
  else
    AL = activation_forward (Z, "sigmoid");
  endif
endfunction

%!test
%! ## Two copies side by side give the same outputs as two separate forward passes.
%! randn ("state", 1);
%! X = randn (2, 4);
%! p = initialize_parameters ([2 3 2 3], "he");
%! q = p; q.W1(2, 1) += 0.5;
%! opts = check_options ("t", struct ("output_activation", "softmax"));
%! [ALp, cp] = forward_propagation (X, p, "relu", "softmax", 1, {});
%! [ALq, cq] = forward_propagation (X, q, "relu", "softmax", 1, {});
%! [AL, kinked] = forward_from_layer ([cp{1}.Z, cq{1}.Z], 1, 2, cp, p, opts, {});
%! assert (AL, [ALp, ALq], 1e-15);
%! assert (kinked(1), false);
%! assert (kinked(2), any ((cq{1}.Z(:) > 0) != (cp{1}.Z(:) > 0)) || any ((cq{2}.Z(:) > 0) != (cp{2}.Z(:) > 0)));
%!test
%! ## A copy whose pre-activation crosses 0 is flagged; tanh never is.
%! opts = check_options ("t", struct ());
%! p = struct ("W1", [1; -1], "b1", [0; 0], "W2", [1 1], "b2", 0);
%! [AL, caches] = forward_propagation ([1 2], p, "relu", "sigmoid", 1, {});
%! [~, kinked] = forward_from_layer ([caches{1}.Z, [1 -2; -1 -2]], 1, 2, caches, p, opts, {});
%! assert (kinked, [false; true]);
%! [~, kinked] = forward_from_layer ([caches{1}.Z, [1 -2; -1 -2]], 1, 2, caches, p, setfield (opts, "hidden_activation", "tanh"), {});
%! assert (kinked, [false; false]);
