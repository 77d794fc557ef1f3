## AL = output_forward (ZL, output_activation)
##
## The output layer's activation of its logits ZL: softmax_forward for "softmax" (column-wise,
## max-shifted), activation_forward (ZL, "sigmoid") for "sigmoid", through their unchecked twins
## (its callers pass valid logits).

function AL = output_forward (ZL, output_activation)
  if (strcmp (output_activation, "softmax"))
    AL = softmax_forward_unchecked (ZL);
  else
    AL = activation_forward_unchecked (ZL, "sigmoid");
  endif
endfunction

%!test
%! Z = [0 log(3); log(3) 0];
%! assert (output_forward (Z, "softmax"), [1/4 3/4; 3/4 1/4], 1e-15);
%! assert (output_forward ([0 log(3)], "sigmoid"), [1/2 3/4], 1e-15);
