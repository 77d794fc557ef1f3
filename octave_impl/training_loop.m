## [params, costs] = training_loop (X, Y, params, opts, permutations, masks)
## records = training_loop (X, Y, params, opts, permutations, masks, steps, states)
##
## The one training loop behind train and train_steps (internal: the arguments come already
## validated by check_training_inputs, OPTS with its defaults filled in).
## Epoch e (0-based) reorders the examples by column e+1 of PERMUTATIONS (m x num_epochs,
## 0-based), cuts consecutive mini-batches of opts.batch_size (random_mini_batches) and makes one
## update_parameters step per batch, with the step count t running from 1 over the whole run and
## the learning rate scheduled_learning_rate (opts, e) fixed within the epoch. With dropout
## (keep_prob < 1) MASKS is a 1 x (L-1) cell of 0/1 matrices (n_l, m * num_epochs): epoch e uses
## mask columns e*m+1 .. (e+1)*m in the permuted order, and the batch of permuted positions
## [start, stop) uses mask columns e*m+start+1 .. e*m+stop.
## Standalone: PERMUTATIONS empty draws a randperm per epoch (the identity when batch_size >= m);
## MASKS empty with keep_prob < 1 draws rand (n_l, m) < keep_prob per epoch; opts.seed, when
## set, seeds rand first. Draws happen per epoch in every mode, so they do not depend on which
## updates are computed.
##
## Without STEPS (train): every update is computed and COSTS (1 x num_epochs) is the cost after
## each epoch on the whole training set, without dropout, with the L2 term.
##
## With STEPS (train_steps; 0-based global update indices k, strictly increasing, update k has
## t = k + 1): RECORDS is a 1 x S cell, one struct per step, and no costs are computed.
##   STATES empty (recording): every update is computed from PARAMS as in train; record i has
##     fields before (params, v, s: the state update k started from) and after (params, v, s,
##     grads: the state it produced and the gradients it used).
##   STATES a cell of S structs (params, v, s) (forced): update steps(i) starts from states{i}
##     instead of the state the loop carried; updates not listed are skipped (no forward or
##     backward pass) while t, the epoch, the batch position and the learning rate advance as in
##     train; record i has the field after only.
## The loop stops after the last listed update.

function varargout = training_loop (X, Y, params, opts, permutations, masks, steps, states)
  if (nargin != 6 && nargin != 8)
    print_usage ();
  endif
  stepping = nargin == 8;
  m = columns (X);
  num_epochs = opts.num_epochs;
  keep_prob = opts.keep_prob;
  n_hidden = numel (fieldnames (params)) / 2 - 1;
  draw_permutations = isempty (permutations);
  draw_masks = keep_prob < 1 && isempty (masks);
  if (! isempty (opts.seed))
    rand ("state", opts.seed);   # standalone draws (permutations, masks) become reproducible
  endif
  costs = zeros (1, num_epochs);
  if (stepping)
    steps = steps(:)';
    n_steps = numel (steps);
    forced = ! isempty (states);
    records = cell (1, n_steps);
    next = 1;                    # the next listed update: steps(next)
  endif

  state = initialize_optimizer (params, opts.optimizer);
  t = 0;
  for epoch = 0:num_epochs-1
    if (stepping && next > n_steps)
      break;                     # every listed update is done
    endif
    if (! draw_permutations)
      permutation = permutations(:, epoch + 1);
    elseif (opts.batch_size >= m)
      permutation = 0:m-1;
    else
      permutation = randperm (m) - 1;
    endif
    epoch_masks = {};
    if (keep_prob < 1)
      epoch_masks = cell (1, n_hidden);
      for l = 1:n_hidden
        if (draw_masks)
          epoch_masks{l} = double (rand (rows (params.(sprintf ("W%d", l))), m) < keep_prob);
        else
          epoch_masks{l} = masks{l}(:, epoch * m + (1:m));
        endif
      endfor
    endif
    learning_rate = scheduled_learning_rate (opts, epoch);
    [mini_batches, ranges] = random_mini_batches (X, Y, permutation, opts.batch_size);
    for k = 1:numel (mini_batches)
      t = t + 1;
      listed = stepping && next <= n_steps && steps(next) == t - 1;
      if (stepping && ! listed && (forced || next > n_steps))
        continue;                # forced: a skipped update; recording: nothing left to record
      endif
      if (listed && forced)
        params = states{next}.params;
        state.v = states{next}.v;
        state.s = states{next}.s;
      endif
      batch_masks = cellfun (@(D) D(:, ranges(k, 1) + 1 : ranges(k, 2)), epoch_masks, "UniformOutput", false);
      [AL, caches] = forward_propagation (mini_batches{k}.X, params, opts.hidden_activation, opts.output_activation, ...
                                          keep_prob, batch_masks);
      grads = backward_propagation (AL, mini_batches{k}.Y, caches, opts.hidden_activation, opts.output_activation, ...
                                    opts.lambd, keep_prob);
      if (listed)
        record = struct ();
        if (! forced)
          record.before = struct ("params", params, "v", state.v, "s", state.s);
        endif
      endif
      [params, state] = update_parameters (params, grads, state, opts, t, learning_rate);
      if (listed)
        record.after = struct ("params", params, "v", state.v, "s", state.s, "grads", grads);
        records{next} = record;
        next = next + 1;
      endif
    endfor
    if (! stepping)
      [~, caches] = forward_propagation (X, params, opts.hidden_activation, opts.output_activation, 1, {});
      costs(epoch + 1) = compute_cost (caches{end}.Z, Y, opts.output_activation, params, opts.lambd);
    endif
  endfor

  if (stepping)
    varargout = {records};
  else
    varargout = {params, costs};
  endif
endfunction

%!shared X, Y, p, opts, perms
%! randn ("state", 5);
%! X = randn (3, 7);
%! Y = [0 1 1 0 1 0 1];
%! p = initialize_parameters ([3 4 2 1], "he");
%! ## 7 examples in batches of 3 -> 3 updates per epoch (k = 0, 1, 2 in epoch 0, 3, 4, 5 in epoch 1).
%! opts = check_options ("f", struct ("optimizer", "adam", "learning_rate", 0.05, "lr_schedule", "inverse_time", ...
%!                                    "decay_rate", 1, "batch_size", 3, "num_epochs", 2, "lambd", 0.1));
%! perms = [6 0; 5 2; 4 4; 3 6; 2 1; 1 3; 0 5];

%!test
%! ## Without steps it is train: same parameters and costs, bit for bit.
%! [q, costs] = training_loop (X, Y, p, opts, perms, {});
%! [q2, costs2] = train (X, Y, p, opts, perms, {});
%! assert (q, q2);
%! assert (costs, costs2);

%!test
%! ## Recording every update: each record's before is the previous record's after, the first
%! ## starts from p and zero moments, and the last after is train's result.
%! records = training_loop (X, Y, p, opts, perms, {}, 0:5, {});
%! assert (size (records), [1 6]);
%! assert (records{1}.before.params, p);
%! assert (records{1}.before.v, initialize_optimizer (p, "adam").v);
%! for i = 2:6
%!   assert (records{i}.before, rmfield (records{i-1}.after, "grads"));
%! endfor
%! assert (records{6}.after.params, training_loop (X, Y, p, opts, perms, {}));

%!test
%! ## Forced update k = 4 (epoch 1, second batch: permuted positions [3, 6), t = 5, rate
%! ## .05 / (1 + 1)) recomputed by hand from an arbitrary state.
%! q = p;  q.W2 = q.W2 + 0.25;
%! state = initialize_optimizer (p, "adam");
%! state.v.db1 = [1; -1; 0.5; 2];
%! state.s.dW3 = 0.3 * ones (1, 2);
%! records = training_loop (X, Y, p, opts, perms, {}, 4, {struct("params", q, "v", state.v, "s", state.s)});
%! assert (fieldnames (records{1}), {"after"});
%! cols = perms(4:6, 2)' + 1;
%! [AL, caches] = forward_propagation (X(:, cols), q, "relu", "sigmoid", 1, {});
%! g = backward_propagation (AL, Y(cols), caches, "relu", "sigmoid", 0.1, 1);
%! [r, s] = update_parameters (q, g, state, opts, 5, 0.025);
%! assert (records{1}.after, struct ("params", r, "v", s.v, "s", s.s, "grads", g));

%!test
%! ## Standalone draws (seeded) are per epoch, so recording and forcing draw the same batches
%! ## and masks, whichever updates are computed.
%! o = check_options ("f", struct ("keep_prob", 0.7, "batch_size", 2, "num_epochs", 3, "seed", 11, "optimizer", "momentum"));
%! rec = training_loop (X, Y, p, o, [], {}, 0:11, {});
%! forced = training_loop (X, Y, p, o, [], {}, [2 9], {rec{3}.before, rec{10}.before});
%! assert (forced{1}.after, rec{3}.after);
%! assert (forced{2}.after, rec{10}.after);
%! [q, costs] = training_loop (X, Y, p, o, [], {});
%! assert (q, rec{12}.after.params);
%! rand ("state", 42);
