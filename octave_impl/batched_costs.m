## J = batched_costs (AL, Y, B, opts, l2_sums)
##
## Costs of B network copies evaluated side by side (AL is n_L x m*B, copy p in columns
## (p-1)*m+1 .. p*m) against the same labels Y (1 x m): the data term of each copy from
## cross_entropy_terms, plus the L2 term with that copy's sum of squared weights L2_SUMS (B x 1).
## Returns a B x 1 column, each entry what compute_cost gives for that copy.

function J = batched_costs (AL, Y, B, opts, l2_sums)
  m = columns (Y);
  terms = cross_entropy_terms (AL, repmat (Y, 1, B), opts.output_activation);
  J = -(1 / m) * sum (reshape (terms, m, B), 1)';
  J = J + l2_regularization_cost (l2_sums, opts.lambd, m);
endfunction

%!test
%! ## Against compute_cost, copy by copy: sigmoid with L2 and softmax without.
%! opts = check_options ("t", struct ("lambd", 0.5));
%! p = struct ("W1", [1 2], "b1", 0);
%! J = batched_costs ([0.8 0.4 0.3 0.9], [1 0], 2, opts, [5; 7]);
%! assert (J(1), compute_cost ([0.8 0.4], [1 0], "sigmoid", p, 0.5), 1e-15);
%! assert (J(2), compute_cost ([0.3 0.9], [1 0], "sigmoid", p, 0) + 0.5 / 4 * 7, 1e-15);
%! opts = check_options ("t", struct ("output_activation", "softmax"));
%! AL = [0.7 0.2 0.5 0.1; 0.3 0.8 0.5 0.9];
%! J = batched_costs (AL, [0 1], 2, opts, [0; 0]);
%! assert (J, [compute_cost(AL(:, 1:2), [0 1], "softmax"); compute_cost(AL(:, 3:4), [0 1], "softmax")], 1e-15);
