## dZL = output_backward_unchecked (AL, Y, output_activation)
##
## output_backward without the argument checks (valid 0-based labels Y, a known
## OUTPUT_ACTIVATION), for backward_propagation_unchecked and the noise floor: AL - Y (sigmoid) or
## AL - one_hot (Y, rows (AL)) (softmax).

function dZL = output_backward_unchecked (AL, Y, output_activation)
  if (strcmp (output_activation, "sigmoid"))
    dZL = AL - Y;
  else
    dZL = AL - one_hot (Y, rows (AL));
  endif
endfunction

%!test
%! ## The twin of output_backward: the same values, bit for bit.
%! AL = [0.7 0.2; 0.2 0.5; 0.1 0.3];
%! assert (output_backward_unchecked (AL, [0 2], "softmax"), output_backward (AL, [0 2], "softmax"));
%! assert (output_backward_unchecked ([0.8 0.4], [1 0], "sigmoid"), output_backward ([0.8 0.4], [1 0], "sigmoid"));
