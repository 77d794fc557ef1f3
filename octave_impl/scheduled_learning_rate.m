## alpha = scheduled_learning_rate (options, epoch)
##
## Learning rate for the 0-based EPOCH under options.lr_schedule, with alpha0 =
## options.learning_rate and r = options.decay_rate:
##   "none"          alpha0
##   "exponential"   alpha0 * r^epoch
##   "inverse_time"  alpha0 / (1 + r * epoch)
## The rate is fixed within an epoch. The arguments are checked here, once; the schedule itself
## is scheduled_learning_rate_unchecked.

function alpha = scheduled_learning_rate (options, epoch)
  fname = "scheduled_learning_rate";
  if (nargin != 2)
    print_usage ();
  endif
  opts = check_options (fname, options);
  epoch = check_number (fname, "epoch", epoch, "an integer >= 0 (0-based epoch)", @(x) x >= 0 && x == round (x));
  alpha = scheduled_learning_rate_unchecked (opts, epoch);
endfunction

%!test
%! ## alpha0 = .5, r = .5: exponential .5 * .5^3 = .0625; inverse_time .5 / (1 + 1.5) = .2.
%! base = struct ("learning_rate", 0.5, "decay_rate", 0.5);
%! assert (scheduled_learning_rate (setfield (base, "lr_schedule", "none"), 3), 0.5);
%! assert (scheduled_learning_rate (setfield (base, "lr_schedule", "exponential"), 0), 0.5);
%! assert (scheduled_learning_rate (setfield (base, "lr_schedule", "exponential"), 3), 0.0625);
%! assert (scheduled_learning_rate (setfield (base, "lr_schedule", "inverse_time"), 0), 0.5);
%! assert (scheduled_learning_rate (setfield (base, "lr_schedule", "inverse_time"), 3), 0.2);
%!test
%! ## Defaults: rate 0.01 and no schedule.
%! assert (scheduled_learning_rate (struct (), 7), 0.01);
%! ## inverse_time with r = 2: 1 / (1 + 2 * 4) = 1/9.
%! assert (scheduled_learning_rate (struct ("learning_rate", 1, "decay_rate", 2, "lr_schedule", "inverse_time"), 4), 1/9, 1e-15);
%!error <scheduled_learning_rate: 'lr_schedule' must be one of \{none, exponential, inverse_time\}; got 'cosine'> scheduled_learning_rate (struct ("lr_schedule", "cosine"), 0)
%!error <scheduled_learning_rate: 'epoch' must be an integer .= 0 \(0-based epoch\); got -1> scheduled_learning_rate (struct (), -1)
%!error <scheduled_learning_rate: 'decay_rate' must be a finite number .= 0; got -0.5> scheduled_learning_rate (struct ("decay_rate", -0.5), 0)
