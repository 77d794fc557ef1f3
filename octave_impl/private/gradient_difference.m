## d = gradient_difference (grad, gradapprox)
##
## Relative difference ||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2) of two
## vectors of the same length; 0 when both norms are 0 (docs/CONTRACT.md).

function d = gradient_difference (grad, gradapprox)
  numerator = norm (grad - gradapprox);
  denominator = norm (grad) + norm (gradapprox);
  if (denominator == 0)
    d = 0;
  else
    d = numerator / denominator;
  endif
endfunction

%!assert (gradient_difference ([3; 4], [3; 4]), 0)
%!assert (gradient_difference ([0; 0], [0; 0]), 0)
%!assert (gradient_difference ([1; 0], [-1; 0]), 1)
%!assert (gradient_difference ([3; 4], [0; 0]), 1)
%!assert (gradient_difference ([2; 0], [1; 0]), 1 / 3, 1e-15)
