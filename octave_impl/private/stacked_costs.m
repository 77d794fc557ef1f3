## J = stacked_costs (losses, Y, options, squared_norms, examples, versions, reference)
##
## The costs of V versions of the network (V = columns of SQUARED_NORMS) from the losses of a
## stack of their output logits (1 x N, cross_entropy_terms of the stack, or expanded_losses):
## column c is example EXAMPLES(c) of version VERSIONS(c) (stacked_forward_from_layer);
## l2_regularization_cost turns each column of SQUARED_NORMS (L x V) into an L2 term. Y gives m.
##  - REFERENCE empty: every example is in the stack for every version (column blocks, the fast
##    mode) and SQUARED_NORMS lists ||W_1||_F^2 .. ||W_L||_F^2 of each version:
##    J_v = (1/m) sum of version v's losses + its L2 term, what compute_cost gives for it;
##  - REFERENCE a struct with fields losses (1 x m) and cost, the unperturbed pass's per-example
##    losses and cost J_ref: a ragged stack of the moved examples only (the full mode), every
##    other example keeping its unperturbed loss, and SQUARED_NORMS the change of each version's
##    squared norms (new^2 - old^2 in the perturbed layer's row):
##    J_v = J_ref + (1/m) sum over version v's columns of (loss - its example's reference loss)
##          + the L2 term of the change.
## Returns a V x 1 column.

function J = stacked_costs (losses, Y, options, squared_norms, examples, versions, reference)
  m = columns (Y);
  V = columns (squared_norms);
  losses = reshape (losses, 1, []);
  if (isempty (reference))
    J = (1 / m) * accumarray (versions(:), losses(:), [V, 1]) + l2_regularization_cost (squared_norms, options.lambd, m)';
  else
    changes = losses - reference.losses(examples);
    J = reference.cost + (1 / m) * accumarray (versions(:), changes(:), [V, 1]) ...
        + l2_regularization_cost (squared_norms, options.lambd, m)';
  endif
endfunction

%!test
%! ## Column blocks, against compute_cost version by version: sigmoid with L2 (W2 perturbed in
%! ## version 2).
%! opts = check_options ("t", struct ("lambd", 0.5));
%! p = struct ("W1", [1 2], "b1", 0, "W2", 3, "b2", 0);
%! q = setfield (p, "W2", 2);
%! J = stacked_costs (cross_entropy_terms ([0.8 -0.4 0.3 0.9], [1 0 1 0], "sigmoid"), [1 0], opts, [5 5; 9 4], [1 2 1 2], [1 1 2 2], []);
%! assert (J(1), compute_cost ([0.8 -0.4], [1 0], "sigmoid", p, 0.5), 1e-15);
%! assert (J(2), compute_cost ([0.3 0.9], [1 0], "sigmoid", q, 0.5), 1e-15);
%!test
%! ## Softmax column blocks without L2.
%! opts = check_options ("t", struct ("output_activation", "softmax"));
%! ZL = [0.7 0.2 0.5 -3; 0.3 0.8 0.5 0.9];
%! J = stacked_costs (cross_entropy_terms (ZL, [0 1 0 1], "softmax"), [0 1], opts, [1 1], [1 2 1 2], [1 1 2 2], []);
%! assert (J, [compute_cost(ZL(:, 1:2), [0 1], "softmax"); compute_cost(ZL(:, 3:4), [0 1], "softmax")], 1e-15);
%!test
%! ## A ragged stack: version 1 moves example 2, version 2 nothing, version 3 examples 1 and 3;
%! ## the others keep the reference logits. Each J equals compute_cost of the whole version.
%! opts = check_options ("t", struct ("output_activation", "softmax", "lambd", 0.2));
%! Zref = [0.7 0.2 -1; 0.3 0.8 2];
%! Y = [0 1 1];
%! p = @(n) struct ("W1", sqrt (n(1)), "b1", 0, "W2", sqrt (n(2)), "b2", 0);
%! reference = struct ("losses", cross_entropy_terms (Zref, Y, "softmax"), ...
%!                     "cost", compute_cost (Zref, Y, "softmax", p ([4; 1]), 0.2));
%! changes = [0 0 0; 0 0.5 1];           # of ||W2||^2 = 1
%! moved = [0.1 -0.5 3; 0.2 0.6 -2];
%! J = stacked_costs (cross_entropy_terms (moved, Y([2 1 3]), "softmax"), Y, opts, changes, [2 1 3], [1 3 3], reference);
%! assert (J(1), compute_cost ([Zref(:, 1), moved(:, 1), Zref(:, 3)], Y, "softmax", p ([4; 1]), 0.2), 1e-14);
%! assert (J(2), compute_cost (Zref, Y, "softmax", p ([4; 1.5]), 0.2), 1e-14);
%! assert (J(3), compute_cost ([moved(:, 2), Zref(:, 2), moved(:, 3)], Y, "softmax", p ([4; 2]), 0.2), 1e-14);
%! ## Nothing moved at all: the reference cost plus each version's change of the L2 term.
%! J = stacked_costs (zeros (1, 0), Y, opts, changes, zeros (1, 0), zeros (1, 0), reference);
%! assert (J, reference.cost + 0.2 / 6 * [0; 0.5; 1], 1e-15);
