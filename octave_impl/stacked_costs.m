## J = stacked_costs (ZL, Y, opts, squared_norms)
##
## The costs of V versions of the network whose output logits are stacked as column blocks in
## ZL (n_L x V m, version v in columns (v-1) m + 1 .. v m), all against the labels Y (1 x m):
## cross_entropy_terms on the whole stack, one (1/m) sum per column block, plus
## l2_regularization_cost of each version's sum of squared weights, SQUARED_NORMS (L x V): column
## v lists ||W_1||_F^2 .. ||W_L||_F^2 of version v (summed over the layers in order, as
## weight_square_sum does). Returns a V x 1 column, each entry what compute_cost gives for that
## version.

function J = stacked_costs (ZL, Y, opts, squared_norms)
  m = columns (Y);
  V = columns (ZL) / m;
  tiled_Y = reshape (Y.' * ones (1, V), 1, m * V);   # Y once per column block (faster than repmat)
  losses = cross_entropy_terms (ZL, tiled_Y, opts.output_activation);
  J = (1 / m) * sum (reshape (losses, m, V), 1)' + l2_regularization_cost (sum (squared_norms, 1)', opts.lambd, m);
endfunction

%!test
%! ## Against compute_cost, version by version: sigmoid with L2 (W2 perturbed in version 2).
%! opts = check_options ("t", struct ("lambd", 0.5));
%! p = struct ("W1", [1 2], "b1", 0, "W2", 3, "b2", 0);
%! q = setfield (p, "W2", 2);
%! J = stacked_costs ([0.8 -0.4 0.3 0.9], [1 0], opts, [5 5; 9 4]);
%! assert (J(1), compute_cost ([0.8 -0.4], [1 0], "sigmoid", p, 0.5), 1e-15);
%! assert (J(2), compute_cost ([0.3 0.9], [1 0], "sigmoid", q, 0.5), 1e-15);
%!test
%! ## Softmax without L2.
%! opts = check_options ("t", struct ("output_activation", "softmax"));
%! ZL = [0.7 0.2 0.5 -3; 0.3 0.8 0.5 0.9];
%! J = stacked_costs (ZL, [0 1], opts, [1 1]);
%! assert (J, [compute_cost(ZL(:, 1:2), [0 1], "softmax"); compute_cost(ZL(:, 3:4), [0 1], "softmax")], 1e-15);
