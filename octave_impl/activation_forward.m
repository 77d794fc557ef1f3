## A = activation_forward (Z, activation)
##
## Element-wise hidden-layer activation g(Z) for ACTIVATION one of
##   "relu"        max(0, z)
##   "leaky_relu"  z if z > 0 else 0.01 z
##   "tanh"        tanh(z)
##   "sigmoid"     1 / (1 + e^-z)
## NaN stays NaN (SPEC: non-finite values are results, never repaired).

function A = activation_forward (Z, activation)
  fname = "activation_forward";
  if (nargin != 2)
    print_usage ();
  endif
  if (! (isnumeric (Z) && isreal (Z) && ndims (Z) == 2))
    bad_input (fname, "Z", "a real numeric matrix", describe_value (Z));
  endif
  ## check_choice raises, or unwraps a 1x1 cell holding a known name.
  activation = check_choice (fname, "activation", activation, {"relu", "leaky_relu", "tanh", "sigmoid"});
  A = activation_forward_unchecked (Z, activation);
endfunction

%!shared Z
%! Z = [-2 -0.5 0; 0.5 2 -1];
%!assert (activation_forward (Z, "relu"), [0 0 0; 0.5 2 0])
%!assert (activation_forward (Z, "leaky_relu"), [-0.02 -0.005 0; 0.5 2 -0.01], 1e-15)
%!assert (activation_forward (Z, "tanh"), (exp (Z) - exp (-Z)) ./ (exp (Z) + exp (-Z)), 1e-15)
%!assert (activation_forward ([0 log(3) -log(3)], "sigmoid"), [1/2 3/4 1/4], 1e-15)
%!assert (activation_forward ([-Inf Inf NaN], "relu"), [0 Inf NaN])
%!assert (activation_forward ([-Inf Inf NaN], "leaky_relu"), [-Inf Inf NaN])
%!assert (activation_forward ([-Inf Inf], "sigmoid"), [0 1])
%!error <activation_forward: 'activation' must be one of \{relu, leaky_relu, tanh, sigmoid\}; got 'softmax'> activation_forward (Z, "softmax")
%!error <activation_forward: 'activation' must be one of .*; got 3> activation_forward (Z, 3)
%!error <activation_forward: 'Z' must be a real numeric matrix; got 'ab'> activation_forward ("ab", "relu")
