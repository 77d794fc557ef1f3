## [params, costs] = training_loop (X, Y, params, options, permutations, masks)
## records = training_loop (X, Y, params, options, permutations, masks, steps, states)
##
## The one training loop behind train and train_steps. Its inputs come checked and complete
## from check_training_inputs (OPTIONS with its defaults, PERMUTATIONS an explicit 0-based
## m x num_epochs matrix, MASKS a 1 x (L-1) cell of (n_l, m * num_epochs) 0/1 matrices, {}
## without dropout; standalone draws are made there), so the loop checks nothing and calls only
## the unchecked twins (random_mini_batches_unchecked, forward_propagation_unchecked,
## backward_propagation_unchecked, update_parameters_unchecked, scheduled_learning_rate_unchecked,
## compute_cost_unchecked).
## Epoch e (0-based) reorders the examples by column e+1 of PERMUTATIONS, cuts consecutive
## mini-batches of options.batch_size (random_mini_batches) and makes one update per batch, with
## the step count t running from 1 over the whole run and the learning rate of epoch e fixed
## within the epoch. With dropout (keep_prob < 1) epoch e uses mask columns e*m+1 .. (e+1)*m in
## the permuted order, and the batch of permuted positions [start, stop) uses mask columns
## e*m+start+1 .. e*m+stop.
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

function varargout = training_loop (X, Y, params, options, permutations, masks, steps, states)
  if (nargin != 6 && nargin != 8)
    print_usage ();
  endif
  stepping = nargin == 8;
  m = columns (X);
  keep_prob = options.keep_prob;
  hidden = options.hidden_activation;
  output = options.output_activation;
  lambd = options.lambd;
  n_hidden = numel (masks);
  batch_masks = {};
  costs = zeros (1, options.num_epochs);
  if (stepping)
    steps = steps(:)';
    n_steps = numel (steps);
    forced = ! isempty (states);
    records = cell (1, n_steps);
    next = 1;                    # the next listed update: steps(next)
  endif

  state = initialize_optimizer (params, options.optimizer);
  t = 0;
  for epoch = 0:options.num_epochs-1
    if (stepping && next > n_steps)
      break;                     # every listed update is done
    endif
    learning_rate = scheduled_learning_rate_unchecked (options, epoch);
    [mini_batches, ranges] = random_mini_batches_unchecked (X, Y, permutations(:, epoch + 1), options.batch_size);
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
      if (n_hidden > 0)
        columns_k = epoch * m + (ranges(k, 1) + 1 : ranges(k, 2));
        batch_masks = cell (1, n_hidden);
        for l = 1:n_hidden
          batch_masks{l} = masks{l}(:, columns_k);
        endfor
      endif
      batch = mini_batches{k};
      [AL, caches] = forward_propagation_unchecked (batch.X, params, hidden, output, keep_prob, batch_masks);
      grads = backward_propagation_unchecked (AL, batch.Y, caches, hidden, output, lambd, keep_prob);
      if (listed)
        record = struct ();
        if (! forced)
          record.before = struct ("params", params, "v", state.v, "s", state.s);
        endif
      endif
      [params, state] = update_parameters_unchecked (params, grads, state, options, t, learning_rate);
      if (listed)
        record.after = struct ("params", params, "v", state.v, "s", state.s, "grads", grads);
        records{next} = record;
        next = next + 1;
      endif
    endfor
    if (! stepping)
      [~, caches] = forward_propagation_unchecked (X, params, hidden, output, 1, {});
      costs(epoch + 1) = compute_cost_unchecked (caches{end}.Z, Y, output, params, lambd);
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
%! ## Dropout masks follow the permuted order: forcing an update from a state gives one update
%! ## on that batch with its slice of the masks, and the record chain reaches train's result.
%! rand ("state", 11);
%! D = {double(rand (4, 21) < 0.7), double(rand (2, 21) < 0.7)};
%! o = check_options ("f", struct ("keep_prob", 0.7, "batch_size", 2, "num_epochs", 3, "optimizer", "momentum"));
%! P = [perms, perms(:, 1)];
%! rec = training_loop (X, Y, p, o, P, D, 0:11, {});
%! forced = training_loop (X, Y, p, o, P, D, [2 9], {rec{3}.before, rec{10}.before});
%! assert (forced{1}.after, rec{3}.after);
%! assert (forced{2}.after, rec{10}.after);
%! ## update 9: epoch 2 (4 updates per epoch), second batch: permuted positions [2, 4).
%! cols = P(3:4, 3)' + 1;
%! s = rec{10}.before;
%! [AL, caches] = forward_propagation (X(:, cols), s.params, "relu", "sigmoid", 0.7, {D{1}(:, 14 + (3:4)), D{2}(:, 14 + (3:4))});
%! g = backward_propagation (AL, Y(cols), caches, "relu", "sigmoid", 0, 0.7);
%! assert (rec{10}.after.grads, g);
%! [q, costs] = training_loop (X, Y, p, o, P, D);
%! assert (q, rec{12}.after.params);
%! rand ("state", 42);
