## dZ = activation_backward_unchecked (dA, Z, activation)
##
## activation_backward without the argument checks (dA and Z of one shape, ACTIVATION a known
## name as a string), for backward_propagation_unchecked: dZ = dA .* g'(Z).

function dZ = activation_backward_unchecked (dA, Z, activation)
  switch (activation)
    case "relu"
      dZ = dA .* (Z > 0);
    case "leaky_relu"
      dZ = dA .* ((Z > 0) + 0.01 * (Z <= 0));
    case "tanh"
      A = tanh (Z);
      dZ = dA .* (1 - A .^ 2);
    case "sigmoid"
      s = 1 ./ (1 + exp (-Z));
      dZ = dA .* s .* (1 - s);
  endswitch
endfunction

%!test
%! ## The twin of activation_backward: the same values, bit for bit.
%! Z = [-2 -0.5 0; 0.5 2 -1];
%! dA = [3 -1 2; 0.5 1 4];
%! for h = {"relu", "leaky_relu", "tanh", "sigmoid"}
%!   assert (activation_backward_unchecked (dA, Z, h{1}), activation_backward (dA, Z, h{1}));
%! endfor
