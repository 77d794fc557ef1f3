## [params, costs] = train (X, Y, params, options, permutations, masks)
##
## Mini-batch training for options.num_epochs epochs. Epoch e (0-based) reorders the examples
## by column e+1 of PERMUTATIONS (m x num_epochs, 0-based), cuts consecutive mini-batches of
## options.batch_size (random_mini_batches) and makes one update_parameters step per batch,
## with the step count t running from 1 over the whole run and the learning rate
## scheduled_learning_rate (options, e) fixed within the epoch. With dropout (keep_prob < 1)
## MASKS is a 1 x (L-1) cell of 0/1 matrices (n_l, m * num_epochs): epoch e uses mask columns
## e*m+1 .. (e+1)*m in the permuted order, and the batch of permuted positions [start, stop)
## uses mask columns e*m+start+1 .. e*m+stop.
## Standalone: PERMUTATIONS empty draws a randperm per epoch (draw_permutations; the identity
## when batch_size >= m); MASKS empty with keep_prob < 1 draws rand (n_l, m * num_epochs) <
## keep_prob per hidden layer (draw_masks); options.seed, when given, seeds rand first.
## COSTS (1 x num_epochs) is the cost after each epoch on the whole training set, without
## dropout, with the L2 term. The arguments are checked here, once (check_training_inputs, which
## also makes the standalone draws); the loop itself is training_loop, shared with train_steps,
## which calls only unchecked twins.

function [params, costs] = train (X, Y, params, options, permutations, masks)
  fname = "train";
  if (nargin < 4 || nargin > 6)
    print_usage ();
  endif
  if (nargin < 5)
    permutations = [];
  endif
  if (nargin < 6)
    masks = {};
  endif
  [X, Y, opts, permutations, masks] = check_training_inputs (fname, X, Y, params, options, permutations, masks);
  [params, costs] = training_loop (X, Y, params, opts, permutations, masks);
endfunction

%!shared X, Y, p
%! randn ("state", 21);
%! X = randn (2, 6);
%! Y = [0 1 1 0 1 0];
%! p = initialize_parameters ([2 3 1], "he");

%!test
%! ## batch_size >= m with the identity permutation is plain full-batch gradient descent:
%! ## three epochs equal three forward/backward/update rounds on all of X.
%! opts = struct ("learning_rate", 0.3, "batch_size", 64, "num_epochs", 3);
%! [q, costs] = train (X, Y, p, opts, repmat ((0:5)', 1, 3), {});
%! r = p;
%! for e = 1:3
%!   [AL, caches] = forward_propagation (X, r, "relu", "sigmoid", 1, {});
%!   g = backward_propagation (AL, Y, caches, "relu", "sigmoid", 0, 1);
%!   r.W1 -= 0.3 * g.dW1;  r.b1 -= 0.3 * g.db1;  r.W2 -= 0.3 * g.dW2;  r.b2 -= 0.3 * g.db2;
%!   [~, c] = forward_propagation (X, r, "relu", "sigmoid", 1, {});
%!   expected_cost(e) = compute_cost (c{end}.Z, Y, "sigmoid", r, 0);
%! endfor
%! assert (q, r, 1e-15);
%! assert (costs, expected_cost, 1e-15);
%! assert (size (costs), [1 3]);
%! assert (costs(3) < costs(1));
%! ## Standalone mode takes the identity too when batch_size >= m: the very same result.
%! [q2, costs2] = train (X, Y, p, opts, [], {});
%! assert (q2, q);
%! assert (costs2, costs);

%!test
%! ## Mini-batches and mask slicing per the contract, recomputed by hand with explicit indices:
%! ## m = 6, batch_size 4, 2 epochs -> batches of permuted positions [0,4) and [4,6) per epoch;
%! ## epoch e's batch [s, t) uses mask columns e*6+s+1 .. e*6+t (1-based); adam's t runs 1..4;
%! ## L2 on; the learning rate decays per epoch (exponential, r = .5).
%! perms = [5 0; 3 1; 1 2; 0 3; 4 4; 2 5];
%! rand ("state", 3);
%! D = double (rand (3, 12) < 0.7);
%! opts = struct ("optimizer", "adam", "learning_rate", 0.1, "lr_schedule", "exponential", "decay_rate", 0.5, ...
%!                "batch_size", 4, "num_epochs", 2, "keep_prob", 0.7, "lambd", 0.2);
%! [q, costs] = train (X, Y, p, opts, perms, {D});
%! r = p;
%! state = initialize_optimizer (p, "adam");
%! step = 0;
%! for e = 0:1
%!   cols = perms(:, e + 1)' + 1;
%!   for batch = {[0 4], [4 6]}
%!     s = batch{1}(1); t = batch{1}(2);
%!     positions = s + 1 : t;
%!     Xb = X(:, cols(positions));
%!     Yb = Y(cols(positions));
%!     Db = D(:, e * 6 + positions);
%!     [AL, caches] = forward_propagation (Xb, r, "relu", "sigmoid", 0.7, {Db});
%!     g = backward_propagation (AL, Yb, caches, "relu", "sigmoid", 0.2, 0.7);
%!     step = step + 1;
%!     [r, state] = update_parameters (r, g, state, opts, step, 0.1 * 0.5 ^ e);
%!   endfor
%!   [~, c] = forward_propagation (X, r, "relu", "sigmoid", 1, {});
%!   expected_cost(e + 1) = compute_cost (c{end}.Z, Y, "sigmoid", r, 0.2);
%! endfor
%! assert (q, r, 1e-14);
%! assert (costs, expected_cost, 1e-14);
%! rand ("state", 42);

%!test
%! ## A permutation really reorders: with batch_size 1 and gd the result depends on the order,
%! ## and reversing the permutation gives a different result than the identity.
%! opts = struct ("learning_rate", 0.5, "batch_size", 1, "num_epochs", 1);
%! a = train (X, Y, p, opts, (0:5)', {});
%! b = train (X, Y, p, opts, (5:-1:0)', {});
%! assert (! isequal (a, b));

%!test
%! ## Standalone dropout and shuffling run (masks and permutations drawn here) and stay finite.
%! rand ("state", 8);
%! [q, costs] = train (X, Y, p, struct ("keep_prob", 0.8, "batch_size", 2, "num_epochs", 4, "optimizer", "momentum"), [], {});
%! assert (size (costs), [1 4]);
%! assert (all (isfinite (costs)));
%! assert (fieldnames (q), fieldnames (p));
%! rand ("state", 42);

%!error <train: 'permutations' must be a 6x2 matrix whose columns are permutations of 0..5; got a 6x1 double> train (X, Y, p, struct ("num_epochs", 2), (0:5)', {})
%!error <train: 'permutations' must be a 6x1 matrix whose columns are permutations of 0..5; got column 1 = \[0 1 2 3 4 4\]> train (X, Y, p, struct (), [0 1 2 3 4 4]', {})
%!error <train: 'masks\{1\}' must be a 3x12 matrix of 0/1; got a 3x6 double> train (X, Y, p, struct ("num_epochs", 2, "keep_prob", 0.5), repmat ((0:5)', 1, 2), {ones(3, 6)})
%!error <train: 'masks' must be a cell of 1 0/1 mask\(s\)> train (X, Y, p, struct ("keep_prob", 0.5), (0:5)', {ones(3, 6), ones(3, 6)})
%!error <train: 'num_epochs' must be a positive integer; got 0> train (X, Y, p, struct ("num_epochs", 0), [], {})
%!error <train: 'batch_size' must be a positive integer; got -4> train (X, Y, p, struct ("batch_size", -4), [], {})
%!error <train: 'learning_rate' must be a finite number .= 0; got -1> train (X, Y, p, struct ("learning_rate", -1), [], {})
%!error <train: 'Y' must be labels 0 or 1 for a sigmoid output> train (X, [0 1 2 0 1 0], p, struct (), [], {})
