## record = summarise_check (grad, gradapprox, kinked, slices, tensor_modes, directional, noise)
##
## The gradient check's record from the analytic GRAD and the finite differences GRADAPPROX
## (P x 1), the kinks KINKED (P x 1 logical), the tensors' SLICES (tensor_slices) and
## TENSOR_MODES ("full" or "directional" per tensor), the directional pairs DIRECTIONAL (fields
## analytic, numeric, difference per directional tensor; struct () when none) and the noise
## NOISE (eta) of one quotient (finite_difference_noise).
## Compared pairs: per tensor, its components that are not kinks ("full") or its K directional
## pairs (analytic, numeric). Per tensor: tensor_differences = gradient_difference (g, a) (a
## directional tensor reports its worst directional difference), tensor_errors = ||g - a||,
## tensor_noise = eta sqrt(n) over its n compared pairs. Over all compared pairs: difference,
## error, noise = eta sqrt(n); difference_all the same with the kinks. verdict =
## gradient_verdict (difference, error, noise). RECORD fields, in order: difference,
## difference_all, error, noise, verdict, tensor_differences, tensor_errors, tensor_noise,
## tensor_modes, grad, gradapprox, kink_indices (0-based, P_k x 1), n_kinks.

function record = summarise_check (grad, gradapprox, kinked, slices, tensor_modes, directional, noise)
  names = fieldnames (slices);
  n_tensors = numel (names);
  compared_g = cell (n_tensors, 1);
  compared_a = cell (n_tensors, 1);
  all_g = cell (n_tensors, 1);
  all_a = cell (n_tensors, 1);
  tensor_differences = struct ();
  tensor_errors = struct ();
  tensor_noise = struct ();
  for t = 1:n_tensors
    name = names{t};
    if (strcmp (tensor_modes.(name), "directional"))
      compared_g{t} = directional.(name).analytic;
      compared_a{t} = directional.(name).numeric;
      all_g{t} = compared_g{t};
      all_a{t} = compared_a{t};
      tensor_differences.(name) = directional.(name).difference;
    else
      span = (slices.(name)(1):slices.(name)(2))';
      kept = span(! kinked(span));
      compared_g{t} = grad(kept);
      compared_a{t} = gradapprox(kept);
      all_g{t} = grad(span);
      all_a{t} = gradapprox(span);
      tensor_differences.(name) = gradient_difference (compared_g{t}, compared_a{t});
    endif
    tensor_errors.(name) = norm (compared_g{t} - compared_a{t});
    tensor_noise.(name) = noise * sqrt (numel (compared_g{t}));
  endfor
  G = vertcat (compared_g{:});
  A = vertcat (compared_a{:});

  record = struct ();
  record.difference = gradient_difference (G, A);
  record.difference_all = gradient_difference (vertcat (all_g{:}), vertcat (all_a{:}));
  record.error = norm (G - A);
  record.noise = noise * sqrt (numel (G));
  record.verdict = gradient_verdict (record.difference, record.error, record.noise);
  record.tensor_differences = tensor_differences;
  record.tensor_errors = tensor_errors;
  record.tensor_noise = tensor_noise;
  record.tensor_modes = tensor_modes;
  record.grad = grad;
  record.gradapprox = gradapprox;
  record.kink_indices = find (kinked(:)) - 1;
  record.n_kinks = numel (record.kink_indices);
endfunction

%!test
%! ## dims [1 2 1]: slices dW1 = 1:2, db1 = 3:4, dW2 = 5:6, db2 = 7; all "full", no kinks.
%! s = tensor_slices ([1 2 1]);
%! modes = struct ("dW1", "full", "db1", "full", "dW2", "full", "db2", "full");
%! g = [1 1 2 2 3 3 4]';
%! a = [1 1 2 0 3 3 -4]';
%! r = summarise_check (g, a, false (7, 1), s, modes, struct (), 1e-3);
%! assert (fieldnames (r), {"difference"; "difference_all"; "error"; "noise"; "verdict"; "tensor_differences"; ...
%!                          "tensor_errors"; "tensor_noise"; "tensor_modes"; "grad"; "gradapprox"; "kink_indices"; "n_kinks"});
%! assert (fieldnames (r.tensor_differences), {"dW1"; "db1"; "dW2"; "db2"});
%! assert ([r.tensor_differences.dW1, r.tensor_differences.dW2], [0 0]);
%! assert (r.tensor_differences.db1, 2 / (sqrt (8) + 2), 1e-15);
%! assert (r.tensor_differences.db2, 1);
%! assert ([r.tensor_errors.db1, r.tensor_errors.db2], [2 8]);
%! assert ([r.tensor_noise.dW1, r.tensor_noise.db2], [sqrt(2) 1] * 1e-3, 1e-18);
%! assert (r.difference, norm (g - a) / (norm (g) + norm (a)), 1e-15);
%! assert (r.difference_all, r.difference);
%! assert (r.error, norm (g - a), 1e-15);
%! assert (r.noise, 1e-3 * sqrt (7), 1e-18);
%! assert (r.verdict, "bug");
%! assert (size (r.kink_indices), [0 1]);
%! assert (r.n_kinks, 0);
%!test
%! ## Kinks (components 4 and 7) leave the compared pairs: db1 and db2 agree, db2 has nothing
%! ## left (difference 0, noise 0); difference_all keeps them.
%! s = tensor_slices ([1 2 1]);
%! modes = struct ("dW1", "full", "db1", "full", "dW2", "full", "db2", "full");
%! g = [1 1 2 2 3 3 4]'; a = [1 1 2 0 3 3 -4]';
%! r = summarise_check (g, a, logical ([0 0 0 1 0 0 1]'), s, modes, struct (), 1e-3);
%! assert ([r.tensor_differences.dW1, r.tensor_differences.db1, r.tensor_differences.dW2, r.tensor_differences.db2], [0 0 0 0]);
%! assert ([r.tensor_noise.db1, r.tensor_noise.db2], [1e-3 0]);
%! assert (r.difference, 0);
%! assert (r.difference_all > 0.1);
%! assert (r.kink_indices, [3; 6]);
%! assert (r.n_kinks, 2);
%! assert (r.verdict, "correct");
%!test
%! ## A directional tensor contributes its K pairs and reports its worst directional difference.
%! s = tensor_slices ([1 1 1]);
%! modes = struct ("dW1", "directional", "db1", "full", "dW2", "full", "db2", "full");
%! dir = struct ("dW1", struct ("analytic", [1; 2], "numeric", [1; 3], "difference", 0.2, "error", 1));
%! r = summarise_check ([5 1 1 1]', [NaN 1 1 1]', false (4, 1), s, modes, dir, 0.5);
%! assert (r.tensor_differences.dW1, 0.2);
%! assert (r.tensor_errors.dW1, 1);
%! assert (r.tensor_noise.dW1, 0.5 * sqrt (2), 1e-15);
%! assert (r.difference, 1 / (norm ([1 2 1 1 1]) + norm ([1 3 1 1 1])), 1e-15);
%! assert (r.noise, 0.5 * sqrt (5), 1e-15);
%! assert (r.verdict, "indeterminate");
