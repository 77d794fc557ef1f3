## [moves, kinked] = stacked_row_change (l, units, inputs, deltas, params, options, masks, caches)
##
## V versions of one layer-l change of the gradient check's "full" mode, kept only at the examples
## they really move. Version v moves component (units(v), inputs(v)) of W_l, or units(v) of b_l
## when inputs(v) is n_{l-1} + 1, by DELTAS(v), the step the plain loop really takes
## (fl(theta +- eps) - theta). That changes only row units(v) of Z_l: by
## deltas(v) A_{l-1}(inputs(v), :), or by deltas(v) for a bias. Then:
##  - l = L: the moved examples are those whose logit changed;
##  - l < L: the changed row goes through the activation (and the mask / keep_prob); an example
##    whose changed entry of A_l equals the unperturbed one exactly (a relu unit inactive at both
##    sides, a dropped unit) does not move and is left out.
## Only the entries that can change are computed: those whose input A_{l-1}(inputs(v), c) is not
## 0 (every example for a bias), and for relu those with z > 0 before or after the step;
## elsewhere the entry of A_l is unchanged exactly.
## UNITS and INPUTS come as full_gradient_approximation orders them: versions with the same input
## side by side (any order works, only slower).
## MOVES, one entry per moved (version, example), each version's moved entries side by side,
## examples in order: a struct of 1 x N rows examples (1-based column of X),
## versions, units (units(versions)), and old, new: the moved entry of A_l (l < L) or of Z_L
## (l = L) before and after the change. moved_stack turns them into a stack of Z_{l+1} (or Z_L)
## columns; expanded_losses into losses directly. KINKED (V x 1): for relu / leaky_relu hidden
## layers, the versions whose changed row crosses 0 (z > 0 vs z <= 0) for any example, moved or
## not (a dropped unit too). CACHES are the unperturbed pass's; OPTIONS a checked options struct.

function [moves, kinked] = stacked_row_change (l, units, inputs, deltas, params, options, masks, caches)
  L = numel (caches);
  Z_l = caches{l}.Z;
  [n, m] = size (Z_l);
  A_prev = caches{l}.linear_cache.A_prev;
  n_prev = rows (A_prev);
  V = numel (units);
  units = units(:);
  inputs = inputs(:);
  deltas = deltas(:);
  hidden = l < L;
  relu = hidden && strcmp (options.hidden_activation, "relu");
  ## Versions with the same input come in runs (consecutive units of one column of W_l, or the
  ## biases); per run, the block of entries that can change at all: the examples whose input
  ## A_{l-1}(inputs(v), c) is not 0 (every example for a bias), for each of its versions. A relu
  ## entry can change only where z > 0 before or after the step; the others are dropped here.
  ## When the second half of the versions repeats the first half's components (the +eps and
  ## -eps steps of full_gradient_approximation), a run of the first half takes its twin run
  ## along: one gather of the unperturbed rows and one set of candidates (for relu, z > 0 at
  ## theta or at either step) serve both; a twin's entry that does not move is dropped below.
  half = V;
  if (mod (V, 2) == 0 && all (units(1:V/2) == units(V/2+1:end)) && all (inputs(1:V/2) == inputs(V/2+1:end)))
    half = V / 2;
  endif
  starts = find ([true; inputs(2:half) != inputs(1:half-1)]);
  stops = [starts(2:end) - 1; half];
  twins = 1 + (half < V);
  e = cell (numel (starts), twins);
  v = e;
  old = e;
  new = e;
  for r = 1:numel (starts)
    run = starts(r):stops(r);
    if (inputs(starts(r)) > n_prev)               # a bias: delta * 1 = delta, for every example
      nonzero = (1:m)';
      change = ones (m, 1);
    else
      input_row = A_prev(inputs(starts(r)), :);
      nonzero = find (input_row(:));
      change = input_row(nonzero)(:);
    endif
    before = Z_l(units(run), nonzero).';           # examples x versions of the run
    after = before + change .* deltas(run).';
    if (twins == 2)
      twin = before + change .* deltas(run + half).';
    endif
    if (! relu)
      kept = (1:numel (before))';
    elseif (twins == 2)
      kept = find (! (before <= 0 & after <= 0 & twin <= 0));   # (a NaN counts as moved)
    else
      kept = find (! (before <= 0 & after <= 0));
    endif
    version = ceil (kept / rows (before));
    example = nonzero(kept - (version - 1) * rows (before))(:);
    old(r, :) = {before(kept)(:)};
    new{r, 1} = after(kept)(:);
    e(r, :) = {example};
    v{r, 1} = run(version)(:);
    if (twins == 2)
      new{r, 2} = twin(kept)(:);
      v{r, 2} = v{r, 1} + half;
    endif
  endfor
  ## Versions 1 .. half first, then their twins: each version's entries side by side.
  e = vertcat (e{:});
  v = vertcat (v{:});
  old = vertcat (old{:});
  new = vertcat (new{:});
  u = units(v);
  kinked = false (V, 1);
  if (hidden)
    if (relu || strcmp (options.hidden_activation, "leaky_relu"))
      kinked(v((new > 0) != (old > 0))) = true;
    endif
    ## From here on old and new are the entries of A_l (and the mask's) instead of Z_l's.
    A_new = activation_forward_unchecked (new, options.hidden_activation);
    if (options.keep_prob < 1)
      at = u + n * (e - 1);                       # the entries' places in A_l and its mask
      new = dropout_forward_unchecked (A_new, masks{l}(at)(:), options.keep_prob);
      old = caches{l + 1}.linear_cache.A_prev(at)(:);
    else
      ## Without dropout A_l is the activation of Z_l: computed again, the same numbers exactly.
      new = A_new;
      old = activation_forward_unchecked (old, options.hidden_activation);
    endif
  endif
  moved = (new - old) != 0;                       # a NaN change moves
  if (! all (moved))   # (with relu every candidate kept usually moves: no copies then)
    e = e(moved);
    v = v(moved);
    u = u(moved);
    old = old(moved);
    new = new(moved);
  endif
  moves = struct ("examples", e.', "versions", v.', "units", u.', "old", old.', "new", new.');
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
%! [moves, kinked] = stacked_row_change (1, [2; 4], [3; 4], [0.25; -0.5], p, o, D, caches);
%! Z = moved_stack (1, moves, p, caches); examples = moves.examples; versions = moves.versions;
%! ## Version 1 moves the examples where unit 2 is kept (tanh always moves), version 2 those
%! ## where unit 4 is kept.
%! moved = {find(D{1}(2, :)), find(D{1}(4, :))};
%! assert (examples, [moved{:}]);
%! assert (versions, [ones(1, numel (moved{1})), 2 * ones(1, numel (moved{2}))]);
%! assert (Z, [cq{2}.Z(:, moved{1}), cr{2}.Z(:, moved{2})], 1e-14);
%! assert (kinked, [false; false]);
%! s = p; s.W2(1, 2) += 0.125;
%! t = p; t.b2(2) += 0.5;
%! [~, cs] = forward_propagation (X, s, "tanh", "softmax", 0.7, D);
%! [~, ct] = forward_propagation (X, t, "tanh", "softmax", 0.7, D);
%! [moves, ~] = stacked_row_change (2, [1; 2; 1], [2; 5; 1], [0.125; 0.5; 0], p, o, D, caches);
%! Z = moved_stack (2, moves, p, caches); examples = moves.examples; versions = moves.versions;
%! ## Output layer: version 1 moves the examples with A_1(2, :) != 0, version 2 (a bias) all of
%! ## them, version 3 (a zero step) none.
%! moved = find (caches{2}.linear_cache.A_prev(2, :));
%! assert (examples, [moved, 1:5]);
%! assert (versions, [ones(1, numel (moved)), 2 * ones(1, 5)]);
%! assert (Z, [cs{2}.Z(:, moved), ct{2}.Z], 1e-14);
%!test
%! ## A relu row that crosses 0 is flagged; a relu unit inactive at both sides moves nothing.
%! ## Z1 = [1 2; -1 -2]: unit 1 moved by -1.5 x = [-1.5 -3] crosses 0 on both examples (A1 row
%! ## [1 2] -> [0 0], Z2 changes by W2(1) [-1 -2]); unit 2 moved by .5 x = [.5 1] stays <= 0
%! ## ([-.5 -1]): neither example moves.
%! p = struct ("W1", [1; -1], "b1", [0; 0], "W2", [1 1], "b2", 0);
%! o = check_options ("t", struct ());
%! [~, caches] = forward_propagation ([1 2], p, "relu", "sigmoid", 1, {});
%! [moves, kinked] = stacked_row_change (1, [1; 2], [1; 1], [-1.5; 0.5], p, o, {}, caches);
%! Z = moved_stack (1, moves, p, caches); examples = moves.examples; versions = moves.versions;
%! assert (kinked, [true; false]);
%! assert (examples, [1 2]);
%! assert (versions, [1 1]);
%! assert (Z, caches{2}.Z - [1 2]);
%!test
%! ## Nothing moves: an empty stack with empty index rows.
%! p = struct ("W1", [1; -1], "b1", [0; 0], "W2", [1 1], "b2", 0);
%! [~, caches] = forward_propagation ([1 2], p, "relu", "sigmoid", 1, {});
%! [moves, kinked] = stacked_row_change (1, 2, 1, 0.5, p, check_options ("t", struct ()), {}, caches);
%! Z = moved_stack (1, moves, p, caches); examples = moves.examples; versions = moves.versions;
%! assert (size (Z), [1 0]);
%! assert (size (examples), [1 0]);
%! assert (size (versions), [1 0]);
%! assert (kinked, false);
%!test
%! ## Twins (the +step and -step of one component) share their relu candidates; a twin whose
%! ## entry stays inactive does not move. Z1 = [1 -1], moved by +-1.5 x = +-[1.5 -1.5]: +1.5
%! ## gives [2.5 -2.5] (the second example stays inactive: not moved), -1.5 gives [-0.5 0.5]
%! ## (both examples move, across 0).
%! p = struct ("W1", 1, "b1", 0, "W2", 2, "b2", 0);
%! [~, caches] = forward_propagation ([1 -1], p, "relu", "sigmoid", 1, {});
%! [moves, kinked] = stacked_row_change (1, [1; 1], [1; 1], [1.5; -1.5], p, check_options ("t", struct ()), {}, caches);
%! assert (moves.versions, [1 2 2]);
%! assert (moves.examples, [1 1 2]);
%! assert (moves.old, [1 1 0]);
%! assert (moves.new, [2.5 0 0.5]);
%! assert (kinked, [false; true]);
