## opts = check_options (fname, options)
##
## Validate the options record of docs/CONTRACT.md and fill in defaults. OPTIONS is a scalar
## struct (or [] for all defaults); missing fields take their default, an unknown field is an
## error, as is a value of the wrong kind. Numbers are returned as doubles, names as char rows.
## FNAME is the public function on whose behalf the check runs (it is named in the error).
## Contract functions call it once, at the door; the loops inside (training, the gradient check)
## receive the completed record and never check it again.

function opts = check_options (fname, options)
  defaults = struct ( ...
    "hidden_activation", "relu", ...
    "output_activation", "sigmoid", ...
    "lambd", 0, ...
    "keep_prob", 1, ...
    "optimizer", "gd", ...
    "learning_rate", 0.01, ...
    "beta", 0.9, ...
    "beta1", 0.9, ...
    "beta2", 0.999, ...
    "optimizer_epsilon", 1e-8, ...
    "lr_schedule", "none", ...
    "decay_rate", 0, ...
    "batch_size", 64, ...
    "num_epochs", 1, ...
    "grad_check_epsilon", 1e-7, ...
    "grad_check_mode", "full", ...
    "grad_check_directions", 4, ...
    "seed", []);   # none: standalone training and fast-mode directions use the RNG as it is

  if (isempty (options) && ! isstruct (options))
    options = struct ();
  endif
  if (! (isstruct (options) && isscalar (options)))
    bad_input (fname, "options", "a scalar struct of options", describe_value (options));
  endif

  ## Only the given fields need checking: the defaults are valid by construction.
  opts = defaults;
  given = fieldnames (options);
  for i = 1:numel (given)
    name = given{i};
    value = options.(name);
    switch (name)
      case "hidden_activation"
        value = check_choice (fname, name, value, {"relu", "leaky_relu", "tanh", "sigmoid"});
      case "output_activation"
        value = check_choice (fname, name, value, {"sigmoid", "softmax"});
      case "optimizer"
        value = check_choice (fname, name, value, {"gd", "momentum", "rmsprop", "adam"});
      case "lr_schedule"
        value = check_choice (fname, name, value, {"none", "exponential", "inverse_time"});
      case "grad_check_mode"
        value = check_choice (fname, name, value, {"plain", "full", "fast"});
      ## Ranges are those the contract rejects.
      case {"lambd", "learning_rate", "decay_rate"}
        value = check_number (fname, name, value, "a finite number >= 0", @(x) x >= 0);
      case "keep_prob"
        value = check_number (fname, name, value, "a number in (0, 1]", @(x) x > 0 && x <= 1);
      case {"beta", "beta1", "beta2"}
        value = check_number (fname, name, value, "a number in [0, 1)", @(x) x >= 0 && x < 1);
      case {"optimizer_epsilon", "grad_check_epsilon"}
        value = check_number (fname, name, value, "a finite number > 0", @(x) x > 0);
      case {"batch_size", "num_epochs", "grad_check_directions"}
        value = check_integer (fname, name, value, 1);
      case "seed"
        if (! isempty (value))
          value = check_number (fname, name, value, "empty or an integer >= 0", @(x) x >= 0 && x == round (x));
        endif
      otherwise
        bad_input (fname, "options", ["a struct with fields among {" strjoin(fieldnames (defaults)', ", ") "}"], ...
                   sprintf ("unknown field '%s'", name));
    endswitch
    opts.(name) = value;
  endfor
endfunction

%!test
%! opts = check_options ("f", struct ());
%! assert (opts.hidden_activation, "relu");
%! assert (opts.output_activation, "sigmoid");
%! assert ([opts.lambd, opts.keep_prob, opts.learning_rate, opts.beta, opts.beta1, opts.beta2], ...
%!         [0, 1, 0.01, 0.9, 0.9, 0.999]);
%! assert ([opts.optimizer_epsilon, opts.decay_rate, opts.batch_size, opts.num_epochs, opts.grad_check_epsilon], ...
%!         [1e-8, 0, 64, 1, 1e-7]);
%! assert (opts.optimizer, "gd");
%! assert (opts.lr_schedule, "none");
%! assert (opts.grad_check_mode, "full");
%! assert (opts.grad_check_directions, 4);
%!test
%! opts = check_options ("f", []);
%! assert (opts.batch_size, 64);
%!test
%! opts = check_options ("f", struct ("batch_size", int32 (8), "optimizer", "adam"));
%! assert (opts.batch_size, 8);
%! assert (class (opts.batch_size), "double");
%! assert (opts.optimizer, "adam");
%! assert (opts.num_epochs, 1);

%!error <f: 'options' must be a struct with fields among .* got unknown field 'learningrate'> check_options ("f", struct ("learningrate", 0.1))
%!error <f: 'options' must be a scalar struct> check_options ("f", 3)
%!error <f: 'hidden_activation' must be one of \{relu, leaky_relu, tanh, sigmoid\}; got 'softplus'> check_options ("f", struct ("hidden_activation", "softplus"))
%!error <f: 'output_activation' must be one of> check_options ("f", struct ("output_activation", "relu"))
%!error <f: 'optimizer' must be one of .* got 'sgd'> check_options ("f", struct ("optimizer", "sgd"))
%!error <f: 'lr_schedule' must be one of .* got 'step'> check_options ("f", struct ("lr_schedule", "step"))
%!error <f: 'grad_check_mode' must be one of> check_options ("f", struct ("grad_check_mode", "slow"))
%!error <f: 'keep_prob' must be a number in \(0, 1\]; got 0> check_options ("f", struct ("keep_prob", 0))
%!error <f: 'keep_prob' must be a number in \(0, 1\]; got 1.5> check_options ("f", struct ("keep_prob", 1.5))
%!error <f: 'lambd' must be a finite number .= 0; got -0.1$> check_options ("f", struct ("lambd", -0.1))
%!error <f: 'learning_rate' must be a finite number .= 0; got -1$> check_options ("f", struct ("learning_rate", -1))
%!error <f: 'decay_rate' must be a finite number .= 0; got -1$> check_options ("f", struct ("decay_rate", -1))
%!error <f: 'batch_size' must be a positive integer; got 0> check_options ("f", struct ("batch_size", 0))
%!error <f: 'batch_size' must be a positive integer; got 2.5> check_options ("f", struct ("batch_size", 2.5))
%!error <f: 'num_epochs' must be a positive integer; got -3> check_options ("f", struct ("num_epochs", -3))
%!error <f: 'grad_check_epsilon' must be a finite number . 0; got 0$> check_options ("f", struct ("grad_check_epsilon", 0))
%!error <f: 'grad_check_directions' must be a positive integer> check_options ("f", struct ("grad_check_directions", 0))
%!error <f: 'beta' must be a number in \[0, 1\); got 'x'> check_options ("f", struct ("beta", "x"))
%!error <f: 'beta1' must be a number in \[0, 1\); got 1$> check_options ("f", struct ("beta1", 1))
%!error <f: 'beta2' must be a number in \[0, 1\); got -0.1$> check_options ("f", struct ("beta2", -0.1))
%!error <f: 'optimizer_epsilon' must be a finite number . 0; got 0$> check_options ("f", struct ("optimizer_epsilon", 0))
%!error <f: 'learning_rate' must be a finite number .= 0; got NaN$> check_options ("f", struct ("learning_rate", NaN))

%!test
%! ## seed: empty by default, an integer >= 0 when given.
%! assert (isempty (check_options ("f", struct ()).seed));
%! assert (check_options ("f", struct ("seed", 7)).seed, 7);
%!error <f: 'seed' must be empty or an integer .= 0; got -1$> check_options ("f", struct ("seed", -1))
