## A = activation_forward_unchecked (Z, activation)
##
## activation_forward without the argument checks (Z a real matrix, ACTIVATION one of relu,
## leaky_relu, tanh, sigmoid as a string), for the forward passes and the gradient check's stacks.

function A = activation_forward_unchecked (Z, activation)
  switch (activation)
    case "relu"
      A = max (Z, 0);
      A(isnan (Z)) = NaN;   # Octave's max drops NaN; numpy and R keep it
    case "leaky_relu"
      A = max (Z, 0.01 * Z);
    case "tanh"
      A = tanh (Z);
    case "sigmoid"
      A = 1 ./ (1 + exp (-Z));
  endswitch
endfunction

%!test
%! ## The twin of activation_forward: the same values, bit for bit, NaN kept.
%! Z = [-2 -0.5 0 NaN; 0.5 2 -1 Inf];
%! for h = {"relu", "leaky_relu", "tanh", "sigmoid"}
%!   assert (activation_forward_unchecked (Z, h{1}), activation_forward (Z, h{1}));
%! endfor
