## [Z, kinked] = stacked_row_change (l, units, inputs, deltas, params, opts, masks, caches)
##
## V versions of one layer-l change of the gradient check's "full" mode, as one column-block
## stack. Version v moves component (units(v), inputs(v)) of W_l, or units(v) of b_l when
## inputs(v) is n_{l-1} + 1, by DELTAS(v), the step the plain loop really takes
## (fl(theta +- eps) - theta). That changes only row units(v) of Z_l: by
## deltas(v) A_{l-1}(inputs(v), :), or by deltas(v) for a bias. Then:
##  - l = L: Z is the stack of the logits, Z_L repeated V times with row units(v) of block v
##    replaced by the changed row;
##  - l < L: the changed rows go through the activation (and the mask / keep_prob), and each
##    change is pushed into Z_{l+1} as the rank-one term W_{l+1}(:, i) dA_l(i, :): Z is the
##    n_{l+1} x (V m) stack of Z_{l+1}.
## Version v is in columns (v-1) m + 1 .. v m. KINKED (V x 1): for relu / leaky_relu hidden
## layers, the versions whose changed row crosses 0 (z > 0 vs z <= 0). CACHES are the
## unperturbed pass's; OPTS a checked options struct.

function [Z, kinked] = stacked_row_change (l, units, inputs, deltas, params, opts, masks, caches)
  L = numel (caches);
  Z_l = caches{l}.Z;
  [n, m] = size (Z_l);
  A_prev = caches{l}.linear_cache.A_prev;
  V = numel (units);
  units = units(:);
  old_rows = Z_l(units, :);
  n_prev = rows (A_prev);
  input_rows = A_prev(min (inputs(:), n_prev), :);
  input_rows(inputs > n_prev, :) = 1;   # a bias: delta * 1 = delta
  new_rows = old_rows + deltas(:) .* input_rows;
  kinked = false (V, 1);
  if (l == L)
    blocks = cell (1, V);
    blocks(:) = {Z_l};
    Z = [blocks{:}];
    Z(units + n * ((0:V-1)' * m + (0:m-1))) = new_rows;
    return;
  endif
  if (any (strcmp (opts.hidden_activation, {"relu", "leaky_relu"})))
    kinked = any ((new_rows > 0) != (old_rows > 0), 2);
  endif
  A_rows = activation_forward (new_rows, opts.hidden_activation);
  if (opts.keep_prob < 1)
    A_rows = dropout_forward (A_rows, masks{l}(units, :), opts.keep_prob);
  endif
  dA = A_rows - caches{l + 1}.linear_cache.A_prev(units, :);
  W_next = params.(sprintf ("W%d", l + 1));
  n_next = rows (W_next);
  Z = reshape (caches{l + 1}.Z + reshape (W_next(:, units), n_next, 1, V) .* reshape (dA.', 1, m, V), n_next, m * V);
endfunction

%!test
%! ## Against whole forward passes with the changed parameter: a weight and a bias of layer 1
%! ## (pushed into Z_2) and a weight of the output layer (Z_L with its row replaced).
%! randn ("state", 4); rand ("state", 4);
%! X = randn (3, 5);
%! p = initialize_parameters ([3 4 2], "xavier", 1);
%! D = {double(rand (4, 5) < 0.7)};
%! o = check_options ("t", struct ("hidden_activation", "tanh", "output_activation", "softmax", "keep_prob", 0.7));
%! [~, caches] = forward_propagation (X, p, "tanh", "softmax", 0.7, D);
%! q = p; q.W1(2, 3) += 0.25;
%! r = p; r.b1(4) -= 0.5;
%! [~, cq] = forward_propagation (X, q, "tanh", "softmax", 0.7, D);
%! [~, cr] = forward_propagation (X, r, "tanh", "softmax", 0.7, D);
%! [Z, kinked] = stacked_row_change (1, [2; 4], [3; 4], [0.25; -0.5], p, o, D, caches);
%! assert (size (Z), [2 10]);
%! assert (Z, [cq{2}.Z, cr{2}.Z], 1e-14);
%! assert (kinked, [false; false]);
%! s = p; s.W2(1, 2) += 0.125;
%! t = p; t.b2(2) += 0.5;
%! [~, cs] = forward_propagation (X, s, "tanh", "softmax", 0.7, D);
%! [~, ct] = forward_propagation (X, t, "tanh", "softmax", 0.7, D);
%! Z = stacked_row_change (2, [1; 2; 1], [2; 5; 1], [0.125; 0.5; 0], p, o, D, caches);
%! assert (Z, [cs{2}.Z, ct{2}.Z, caches{2}.Z], 1e-14);
%!test
%! ## A relu row that crosses 0 is flagged.
%! p = struct ("W1", [1; -1], "b1", [0; 0], "W2", [1 1], "b2", 0);
%! o = check_options ("t", struct ());
%! [~, caches] = forward_propagation ([1 2], p, "relu", "sigmoid", 1, {});
%! [~, kinked] = stacked_row_change (1, [1; 2], [1; 2], [-1.5; 0.5], p, o, {}, caches);
%! assert (kinked, [true; false]);
