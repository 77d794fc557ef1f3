## verdict = gradient_verdict (difference, error, noise)
##
## The gradient check's verdict for a relative DIFFERENCE with absolute ERROR ||g - a|| and the
## finite differences' own rounding NOISE (eta sqrt(n), finite_difference_noise): the SPEC bands
##   "correct" <= 1e-7 . "passes" <= 1e-5 . else "indeterminate" when error <= noise (the
##   difference is within what rounding alone produces) . "suspicious" <= 1e-3 . "bug"
## and "bug" for a NaN difference.

function verdict = gradient_verdict (difference, error, noise)
  if (isnan (difference))
    verdict = "bug";
  elseif (difference <= 1e-7)
    verdict = "correct";
  elseif (difference <= 1e-5)
    verdict = "passes";
  elseif (error <= noise)
    verdict = "indeterminate";
  elseif (difference <= 1e-3)
    verdict = "suspicious";
  else
    verdict = "bug";
  endif
endfunction

%!assert (gradient_verdict (0, 0, 0), "correct")
%!assert (gradient_verdict (1e-7, 1, 0), "correct")
%!assert (gradient_verdict (1e-6, 1, 0), "passes")
%!assert (gradient_verdict (1e-4, 1, 0), "suspicious")
%!assert (gradient_verdict (0.5, 1, 0), "bug")
%!assert (gradient_verdict (0.5, 1e-9, 2e-9), "indeterminate")
%!assert (gradient_verdict (1e-4, 2e-9, 2e-9), "indeterminate")
%!assert (gradient_verdict (NaN, NaN, 1), "bug")
%!assert (gradient_verdict (NaN, 0, 1), "bug")
