## records = train_steps (X, Y, params, options, permutations, masks, steps)
## records = train_steps (X, Y, params, options, permutations, masks, steps, states)
##
## Selected updates of the training run train (X, Y, params, options, permutations, masks)
## makes, through the same loop (training_loop): same batches, masks, learning-rate schedule and
## step count t. STEPS lists 0-based global update indices k (a vector, strictly increasing, in
## 0 .. num_epochs * ceil (m / batch_size) - 1); update k is t = k + 1 in epoch
## floor (k / batches_per_epoch). RECORDS is a 1 x S cell, one struct per entry of STEPS:
##   STATES empty ({} or [], recording): training runs from PARAMS as in train and record i is
##     struct with fields
##       before  struct (params, v, s)         the state update steps(i) started from
##       after   struct (params, v, s, grads)  the state it produced and the gradients it used
##   STATES a cell of S structs with fields params, v, s (1 x S or S x 1; forced): update
##     steps(i) starts from states{i} instead of the state the loop carried, and record i has the
##     field after only. Updates not listed are skipped (no forward pass); t, the epoch, the batch
##     position and the learning rate advance as in train.
## params holds W1, b1, ...; v, s (the optimiser's moments, as in initialize_optimizer) and grads
## hold dW1, db1, ..., each in its parameter's shape. PARAMS fixes the shapes in forced mode.
## Standalone draws (empty PERMUTATIONS / MASKS, options.seed) as in train. The arguments are
## checked here, once (check_training_inputs, check_steps, check_states); the loop is
## training_loop, which calls only unchecked twins.

function records = train_steps (X, Y, params, options, permutations, masks, steps, states)
  fname = "train_steps";
  if (nargin < 7 || nargin > 8)
    print_usage ();
  endif
  if (nargin < 8)
    states = {};
  endif
  [X, Y, opts, permutations, masks] = check_training_inputs (fname, X, Y, params, options, permutations, masks);
  steps = check_steps (fname, steps, total_updates (columns (X), opts.batch_size, opts.num_epochs));
  states = check_states (fname, states, numel (steps), params);
  records = training_loop (X, Y, params, opts, permutations, masks, steps, states);
endfunction

%!shared X, Y, p, opts, perms, D
%! randn ("state", 9);
%! X = randn (2, 7);
%! Y = [0 1 1 0 1 0 1];
%! p = initialize_parameters ([2 3 1], "he");
%! ## 7 examples in batches of 3 -> 3 updates per epoch, 3 epochs: updates k = 0..8.
%! opts = struct ("optimizer", "adam", "learning_rate", 0.05, "lr_schedule", "exponential", "decay_rate", 0.5, ...
%!                "batch_size", 3, "num_epochs", 3, "keep_prob", 0.8, "lambd", 0.1);
%! perms = [6 0 3; 5 2 1; 4 4 0; 3 6 2; 2 1 6; 1 3 5; 0 5 4];
%! rand ("state", 4);
%! D = double (rand (3, 21) < 0.8);
%! rand ("state", 42);

%!test
%! ## Recording every update reproduces train: the last after is train's result exactly, and
%! ## the records chain (each before is the previous after without the gradients).
%! rec = train_steps (X, Y, p, opts, perms, {D}, 0:8);
%! assert (size (rec), [1 9]);
%! assert (fieldnames (rec{1}), {"before"; "after"});
%! assert (fieldnames (rec{1}.before), {"params"; "v"; "s"});
%! assert (fieldnames (rec{1}.after), {"params"; "v"; "s"; "grads"});
%! assert (fieldnames (rec{1}.after.grads), {"dW1"; "db1"; "dW2"; "db2"});
%! assert (rec{1}.before.params, p);
%! for i = 2:9
%!   assert (rec{i}.before, rmfield (rec{i-1}.after, "grads"));
%! endfor
%! assert (rec{9}.after.params, train (X, Y, p, opts, perms, {D}));

%!test
%! ## Forced from the recording's before states: the same after, bit for bit (steps as a
%! ## column, states as S x 1); every record holds after only.
%! rec = train_steps (X, Y, p, opts, perms, {D}, 0:8, {});
%! forced = train_steps (X, Y, p, opts, perms, {D}, (0:8)', cellfun (@(r) r.before, rec, "UniformOutput", false)');
%! assert (size (forced), [1 9]);
%! for i = 1:9
%!   assert (fieldnames (forced{i}), {"after"});
%!   assert (forced{i}.after, rec{i}.after);
%! endfor

%!test
%! ## Listing only a late step gives the same record as listing all of them (recording), and
%! ## forcing just that step from its before state too: a 1-element cell works.
%! rec = train_steps (X, Y, p, opts, perms, {D}, 0:8);
%! late = train_steps (X, Y, p, opts, perms, {D}, 7);
%! assert (size (late), [1 1]);
%! assert (late{1}, rec{8});
%! forced = train_steps (X, Y, p, opts, perms, {D}, 7, {rec{8}.before});
%! assert (forced{1}.after, rec{8}.after);
%! two = train_steps (X, Y, p, opts, perms, {D}, [1 7]);
%! assert (two, rec([2 8]));

%!test
%! ## A modified state is used: forcing update 4 (epoch 1, t = 5, rate .05 * .5) from other
%! ## parameters and moments gives exactly one update_parameters step from them on that batch.
%! rec = train_steps (X, Y, p, opts, perms, {D}, 4);
%! s = rec{1}.before;
%! s.params.W1 = s.params.W1 + 0.1;
%! s.v.db2 = 0.5;
%! s.s.dW2 = s.s.dW2 + 0.01;
%! forced = train_steps (X, Y, p, opts, perms, {D}, 4, {s});
%! assert (! isequal (forced{1}.after.params, rec{1}.after.params));
%! cols = perms(4:6, 2)' + 1;
%! [AL, caches] = forward_propagation (X(:, cols), s.params, "relu", "sigmoid", 0.8, {D(:, 7 + (4:6))});
%! g = backward_propagation (AL, Y(cols), caches, "relu", "sigmoid", 0.1, 0.8);
%! [q, st] = update_parameters (s.params, g, struct ("v", s.v, "s", s.s), opts, 5, 0.025);
%! assert (forced{1}.after, struct ("params", q, "v", st.v, "s", st.s, "grads", g));

%!test
%! ## Standalone draws with a seed: recording and forcing see the same batches and masks.
%! o = struct ("keep_prob", 0.7, "batch_size", 2, "num_epochs", 2, "seed", 3, "optimizer", "rmsprop");
%! rec = train_steps (X, Y, p, o, [], {}, [1 6]);
%! forced = train_steps (X, Y, p, o, [], {}, [1 6], {rec{1}.before, rec{2}.before});
%! assert (forced{1}.after, rec{1}.after);
%! assert (forced{2}.after, rec{2}.after);
%! all_steps = train_steps (X, Y, p, o, [], {}, 0:7);
%! assert (rec{2}, all_steps{7});
%! rand ("state", 42);

%!test
%! ## No steps: no records.
%! assert (train_steps (X, Y, p, opts, perms, {D}, zeros (0, 1)), cell (1, 0));

%!test
%! ## Errors carry the project's identifier.
%! try
%!   train_steps (X, Y, p, opts, perms, {D}, [3 2]);
%!   error ("not reached");
%! catch err
%!   assert (err.identifier, "nnparity:badInput");
%!   assert (err.message, "[Octave] train_steps: 'steps' must be a vector of strictly increasing whole numbers in 0..8 (0-based update indices); got [3 2]");
%! end_try_catch

%!shared X, Y, p, opts, perms, D, good
%! X = [1 2 3 4; 5 6 7 8];
%! Y = [0 1 1 0];
%! p = struct ("W1", ones (3, 2), "b1", zeros (3, 1), "W2", ones (1, 3), "b2", 0);
%! opts = struct ("batch_size", 3, "num_epochs", 2);
%! perms = repmat ((0:3)', 1, 2);
%! z = struct ("dW1", zeros (3, 2), "db1", zeros (3, 1), "dW2", zeros (1, 3), "db2", 0);
%! good = struct ("params", p, "v", z, "s", z);
%!error <\[Octave\] train_steps: 'steps' must be a vector of strictly increasing whole numbers in 0..3 \(0-based update indices\); got \[0 4\]> train_steps (X, Y, p, opts, perms, {}, [0 4])
%!error <train_steps: 'steps' must be .*; got \[-1\]> train_steps (X, Y, p, opts, perms, {}, -1)
%!error <train_steps: 'steps' must be .*; got \[0.5\]> train_steps (X, Y, p, opts, perms, {}, 0.5)
%!error <train_steps: 'steps' must be .*; got \[1 1\]> train_steps (X, Y, p, opts, perms, {}, [1 1])
%!error <train_steps: 'steps' must be .*; got \[NaN\]> train_steps (X, Y, p, opts, perms, {}, NaN)
%!error <train_steps: 'steps' must be .*; got a 2x2 double> train_steps (X, Y, p, opts, perms, {}, [0 1; 2 3])
%!error <train_steps: 'steps' must be .*; got a 1x2 cell> train_steps (X, Y, p, opts, perms, {}, {0, 1})
%!error <train_steps: 'steps' must be .*; got '1'> train_steps (X, Y, p, opts, perms, {}, "1")
%!error <train_steps: 'states' must be empty \(recording\) or a cell of 2 struct\(s\) with fields params, v, s \(forced\); got 1 state\(s\) for 2 step\(s\)> train_steps (X, Y, p, opts, perms, {}, [0 1], {good})
%!error <train_steps: 'states' must be .*; got a struct with fields \{params, v, s\}> train_steps (X, Y, p, opts, perms, {}, 0, good)
%!error <train_steps: 'states' must be .*; got a 2x2 cell> train_steps (X, Y, p, opts, perms, {}, 0:3, {good, good; good, good})
%!error <train_steps: 'states\{2\}' must be a struct with fields params, v, s; got 3> train_steps (X, Y, p, opts, perms, {}, [0 1], {good, 3})
%!error <train_steps: 'states\{1\}' must be a struct with fields params, v, s; got a struct with fields \{params, v\}> train_steps (X, Y, p, opts, perms, {}, 0, {rmfield(good, "s")})
%!error <train_steps: 'states\{1\}.params' must be a struct with fields W1, b1, W2, b2 of sizes 3x2, 3x1, 1x3, 1x1; got W1 = a 2x3 double> train_steps (X, Y, p, opts, perms, {}, 0, {setfield(good, "params", setfield (p, "W1", ones (2, 3)))})
%!error <train_steps: 'states\{1\}.v' must be a struct with fields dW1, db1, dW2, db2 of sizes .*; got fields \{W1, b1, W2, b2\}> train_steps (X, Y, p, opts, perms, {}, 0, {setfield(good, "v", p)})
%!error <train_steps: 'states\{1\}.s' must be a struct with fields dW1, .*; got db2 = 'x'> train_steps (X, Y, p, opts, perms, {}, 0, {setfield(good, "s", setfield (good.s, "db2", "x"))})
%!error <train_steps: 'permutations' must be a 4x2 matrix> train_steps (X, Y, p, opts, (0:3)', {}, 0)
%!error <train_steps: 'num_epochs' must be a positive integer> train_steps (X, Y, p, struct ("num_epochs", 0), [], {}, 0)
%!error <Invalid call to train_steps> train_steps (X, Y, p, opts, perms, {})
