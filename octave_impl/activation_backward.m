## dZ = activation_backward (dA, Z, activation)
##
## Back through a hidden activation: dZ = dA .* g'(Z), element-wise, with
##   relu'       1 if z > 0 else 0 (0 at z = 0)
##   leaky_relu' 1 if z > 0 else 0.01
##   tanh'       1 - tanh(z)^2, from A = tanh(Z)
##   sigmoid'    s (1 - s), s = sigmoid(z)
## dA and Z must have the same shape.

function dZ = activation_backward (dA, Z, activation)
  fname = "activation_backward";
  if (nargin != 3)
    print_usage ();
  endif
  [n, m, more] = size (Z);
  if (! (isnumeric (Z) && isreal (Z) && more == 1))
    bad_input (fname, "Z", "a real numeric matrix", describe_value (Z));
  endif
  [n_dA, m_dA, more_dA] = size (dA);
  if (! (isnumeric (dA) && isreal (dA) && more_dA == 1 && n_dA == n && m_dA == m))
    bad_input (fname, "dA", sprintf ("a real %dx%d matrix (the shape of Z)", n, m), describe_value (dA));
  endif
  ## check_choice raises, or unwraps a 1x1 cell holding a known name.
  activation = check_choice (fname, "activation", activation, {"relu", "leaky_relu", "tanh", "sigmoid"});
  dZ = activation_backward_unchecked (dA, Z, activation);
endfunction

%!shared Z, dA
%! Z = [-1 0 2];
%! dA = [3 3 3];
%!assert (activation_backward (dA, Z, "relu"), [0 0 3])
%!assert (activation_backward (dA, Z, "leaky_relu"), [0.03 0.03 3], 1e-15)
%!assert (activation_backward ([1 1], [0 log(3)], "sigmoid"), [1/4 3/16], 1e-15)
%!test
%! ## tanh'(0) = 1; tanh'(atanh(.5)) = 1 - .25.
%! assert (activation_backward ([2 2], [0 atanh(0.5)], "tanh"), [2 1.5], 1e-15);
%!test
%! ## Agrees with central differences of activation_forward away from the kink.
%! z = [-1.3 -0.2 0.4 1.7];
%! h = 1e-6;
%! for act = {"relu", "leaky_relu", "tanh", "sigmoid"}
%!   numeric = (activation_forward (z + h, act{1}) - activation_forward (z - h, act{1})) / (2 * h);
%!   assert (activation_backward (ones (1, 4), z, act{1}), numeric, 1e-8);
%! endfor
%!error <activation_backward: 'dA' must be a real 1x3 matrix \(the shape of Z\); got a 3x1 double> activation_backward ([1; 2; 3], Z, "relu")
%!error <activation_backward: 'activation' must be one of .*; got 'softmax'> activation_backward (dA, Z, "softmax")
