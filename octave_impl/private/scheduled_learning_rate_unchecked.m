## alpha = scheduled_learning_rate_unchecked (options, epoch)
##
## scheduled_learning_rate without the argument checks: OPTIONS is a complete, checked options
## record (check_options) and EPOCH a whole number >= 0 (0-based). With alpha0 =
## options.learning_rate and r = options.decay_rate:
##   "none" alpha0;  "exponential" alpha0 * r^epoch;  "inverse_time" alpha0 / (1 + r * epoch).

function alpha = scheduled_learning_rate_unchecked (options, epoch)
  switch (options.lr_schedule)
    case "none"
      alpha = options.learning_rate;
    case "exponential"
      alpha = options.learning_rate * options.decay_rate ^ epoch;
    case "inverse_time"
      alpha = options.learning_rate / (1 + options.decay_rate * epoch);
  endswitch
endfunction

%!test
%! ## The twin of scheduled_learning_rate: the same rate for every schedule and epoch.
%! for schedule = {"none", "exponential", "inverse_time"}
%!   o = struct ("learning_rate", 0.3, "decay_rate", 0.7, "lr_schedule", schedule{1});
%!   for epoch = 0:4
%!     assert (scheduled_learning_rate_unchecked (check_options ("t", o), epoch), scheduled_learning_rate (o, epoch));
%!   endfor
%! endfor
