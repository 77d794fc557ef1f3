## record = run_scenario (X, Y, params, options, check_masks, permutations, train_masks, check_directions)
##
## Run every stage the harness compares, each inside its own try/catch so that one failing
## stage never loses the others (docs/CONTRACT.md). RECORD has the fields
##   cost       forward pass + compute_cost (from the output logits) at PARAMS with CHECK_MASKS
##   grads      backward_propagation at PARAMS with CHECK_MASKS (struct dW1, db1, ...)
##   gradcheck  gradient_check (X, Y, params, options, check_masks, check_directions)
##   update     struct (params, state): one update_parameters step from PARAMS, a zero state
##              and GRADS with t = 1 and scheduled_learning_rate (options, 0)
##   training   struct (costs, params) from train (X, Y, params, options, permutations, train_masks)
##   predict    struct (labels, accuracy) from the trained parameters
##   errors     struct: stage name -> error message, for each stage that raised
## A stage that raised is absent. "update" needs "grads", "predict" needs "training": when the
## stage it builds on failed, it fails too, with a message saying so. Each stage validates
## only the options it uses. CHECK_DIRECTIONS is the fast gradient check's P x K matrix of +-1
## (one direction per column over the flat parameter vector); omitted or empty, gradient_check
## draws its own.

function record = run_scenario (X, Y, params, options, check_masks, permutations, train_masks, check_directions)
  fname = "run_scenario";
  if (nargin < 7 || nargin > 8)
    print_usage ();
  endif
  if (nargin < 8)
    check_directions = [];
  endif
  ## Each stage sees (and validates) only the options it uses, so that a bad optimiser name fails
  ## the update and training stages, not the cost. A non-struct OPTIONS goes through as it is,
  ## for check_options to reject.
  model_options = options;
  gradcheck_options = options;
  if (isstruct (options) && isscalar (options))
    given = fieldnames (options);
    model_fields = {"hidden_activation", "output_activation", "lambd", "keep_prob"};
    gradcheck_fields = [model_fields, {"grad_check_epsilon", "grad_check_mode", "grad_check_directions"}];
    model_options = rmfield (options, setdiff (given, model_fields));
    gradcheck_options = rmfield (options, setdiff (given, gradcheck_fields));
  endif
  record = struct ();
  errors = struct ();

  try
    opts = check_options (fname, model_options);
    [~, caches] = forward_propagation (X, params, opts.hidden_activation, opts.output_activation, opts.keep_prob, check_masks);
    record.cost = compute_cost (caches{end}.Z, Y, opts.output_activation, params, opts.lambd);
  catch err
    errors.cost = err.message;
  end_try_catch

  try
    opts = check_options (fname, model_options);
    [AL, caches] = forward_propagation (X, params, opts.hidden_activation, opts.output_activation, opts.keep_prob, check_masks);
    record.grads = backward_propagation (AL, Y, caches, opts.hidden_activation, opts.output_activation, opts.lambd, opts.keep_prob);
  catch err
    errors.grads = err.message;
  end_try_catch

  try
    record.gradcheck = gradient_check (X, Y, params, gradcheck_options, check_masks, check_directions);
  catch err
    errors.gradcheck = err.message;
  end_try_catch

  try
    if (! isfield (record, "grads"))
      error ("nnparity:stageSkipped", "[Octave] run_scenario: stage 'update' needs stage 'grads', which failed");
    endif
    opts = check_options (fname, options);
    state = initialize_optimizer (params, opts.optimizer);
    [new_params, new_state] = update_parameters (params, record.grads, state, opts, 1, scheduled_learning_rate (opts, 0));
    record.update = struct ("params", new_params, "state", new_state);
  catch err
    errors.update = err.message;
  end_try_catch

  try
    [trained, costs] = train (X, Y, params, options, permutations, train_masks);
    record.training = struct ("costs", costs, "params", trained);
  catch err
    errors.training = err.message;
  end_try_catch

  try
    if (! isfield (record, "training"))
      error ("nnparity:stageSkipped", "[Octave] run_scenario: stage 'predict' needs stage 'training', which failed");
    endif
    opts = check_options (fname, model_options);
    labels = predict (X, record.training.params, opts.hidden_activation, opts.output_activation);
    record.predict = struct ("labels", labels, "accuracy", accuracy (labels, Y));
  catch err
    errors.predict = err.message;
  end_try_catch

  record.errors = errors;
endfunction

%!shared X, Y, p, opts
%! randn ("state", 31);
%! X = randn (2, 6);
%! Y = [0 1 2 1 0 2];
%! p = initialize_parameters ([2 4 3], "he");
%! opts = struct ("output_activation", "softmax", "hidden_activation", "tanh", "learning_rate", 0.2, ...
%!                "batch_size", 4, "num_epochs", 2, "optimizer", "momentum");

%!test
%! ## Every stage comes back and agrees with the functions called directly.
%! perms = [0 5; 1 4; 2 3; 3 2; 4 1; 5 0];
%! r = run_scenario (X, Y, p, opts, {}, perms, {});
%! assert (fieldnames (r), {"cost"; "grads"; "gradcheck"; "update"; "training"; "predict"; "errors"});
%! assert (fieldnames (r.errors), cell (0, 1));
%! [AL, caches] = forward_propagation (X, p, "tanh", "softmax", 1, {});
%! assert (r.cost, compute_cost (caches{end}.Z, Y, "softmax", p, 0));
%! g = backward_propagation (AL, Y, caches, "tanh", "softmax", 0, 1);
%! assert (r.grads, g);
%! assert (r.gradcheck.difference < 1e-7);
%! ## update: momentum from zero state, t = 1: v = (1 - .9) g, W -= .2 v.
%! assert (r.update.params.W1, p.W1 - 0.2 * 0.1 * g.dW1, 1e-15);
%! assert (r.update.state.v.db2, 0.1 * g.db2, 1e-15);
%! [q, costs] = train (X, Y, p, opts, perms, {});
%! assert (r.training.costs, costs);
%! assert (r.training.params, q);
%! labels = predict (X, q, "tanh", "softmax");
%! assert (r.predict.labels, labels);
%! assert (r.predict.accuracy, mean (labels == Y));

%!test
%! ## A failing stage is reported and the others still come back: bad permutations break
%! ## training (and predict, which needs the trained parameters) only.
%! r = run_scenario (X, Y, p, opts, {}, [0 1 2], {});
%! assert (isfield (r, {"cost", "grads", "gradcheck", "update", "training", "predict"}), [true true true true false false]);
%! assert (fieldnames (r.errors), {"training"; "predict"});
%! assert (regexp (r.errors.training, "^\\[Octave\\] train: 'permutations' must be"), 1);
%! assert (regexp (r.errors.predict, "needs stage 'training'") > 0);

%!test
%! ## A bad optimiser fails the stages that use it; cost, grads and gradcheck survive.
%! r = run_scenario (X, Y, p, setfield (opts, "optimizer", "sgd"), {}, repmat ((0:5)', 1, 2), {});
%! assert (isfield (r, {"cost", "grads", "gradcheck", "update", "training", "predict"}), [true true true false false false]);
%! assert (regexp (r.errors.update, "^\\[Octave\\] run_scenario: 'optimizer' must be one of"), 1);
%! assert (regexp (r.errors.training, "^\\[Octave\\] train: 'optimizer' must be"), 1);

%!test
%! ## Options that are not a struct fail every stage with check_options' message.
%! r = run_scenario (X, Y, p, 3, {}, repmat ((0:5)', 1, 2), {});
%! assert (fieldnames (r), {"errors"});
%! assert (regexp (r.errors.cost, "^\\[Octave\\] run_scenario: 'options' must be a scalar struct"), 1);
%! assert (regexp (r.errors.gradcheck, "^\\[Octave\\] gradient_check: 'options' must be a scalar struct"), 1);

%!test
%! ## Bad labels break everything that reads Y; nothing is lost silently and nothing crashes.
%! r = run_scenario (X, [0 1 2 1 0 3], p, opts, {}, repmat ((0:5)', 1, 2), {});
%! assert (fieldnames (r), {"errors"});
%! assert (fieldnames (r.errors), {"cost"; "grads"; "gradcheck"; "update"; "training"; "predict"});
%! assert (regexp (r.errors.cost, "'Y' must be integer labels in 0..2") > 0);
%! assert (regexp (r.errors.update, "needs stage 'grads'") > 0);

%!test
%! ## Dropout scenario: check masks for the first stages, training masks of m * num_epochs.
%! rand ("state", 4);
%! D = double (rand (4, 6) < 0.75);
%! T = double (rand (4, 12) < 0.75);
%! o = setfield (opts, "keep_prob", 0.75);
%! r = run_scenario (X, Y, p, o, {D}, repmat ((0:5)', 1, 2), {T});
%! assert (fieldnames (r.errors), cell (0, 1));
%! [AL, caches] = forward_propagation (X, p, "tanh", "softmax", 0.75, {D});
%! assert (r.cost, compute_cost (caches{end}.Z, Y, "softmax", p, 0));
%! assert (r.gradcheck.difference < 1e-7);
%! [q, costs] = train (X, Y, p, o, repmat ((0:5)', 1, 2), {T});
%! assert (r.training.costs, costs);
%! rand ("state", 42);

%!test
%! ## The eighth argument reaches the gradient check: fast mode with the caller's directions gives
%! ## gradient_check's record for them; omitted or empty, the check draws its own.
%! o = setfield (opts, "grad_check_mode", "fast");
%! perms = repmat ((0:5)', 1, 2);
%! rand ("state", 8);
%! D = 2 * (rand (27, 4) < 0.5) - 1;
%! r = run_scenario (X, Y, p, o, {}, perms, {}, D);
%! assert (r.gradcheck, gradient_check (X, Y, p, struct ("hidden_activation", "tanh", "output_activation", "softmax", "grad_check_mode", "fast"), {}, D));
%! assert (isfield (run_scenario (X, Y, p, o, {}, perms, {}, []), "gradcheck"));
%! assert (isfield (run_scenario (X, Y, p, o, {}, perms, {}), "gradcheck"));
%! r = run_scenario (X, Y, p, o, {}, perms, {}, ones (5, 4));
%! assert (regexp (r.errors.gradcheck, "^\\[Octave\\] gradient_check: 'directions' must be a 27xK matrix"), 1);
%! rand ("state", 42);
