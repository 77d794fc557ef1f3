## layer_dims = check_params (fname, params, n_x, output_activation)
##
## Validate a parameter struct on behalf of FNAME: exactly the fields W1, b1, ..., WL, bL, each
## a non-empty real numeric matrix, Wl of shape (n_l, n_{l-1}) chaining from N_X (the rows of X;
## [] to take n_0 from W1) and bl of shape (n_l, 1). OUTPUT_ACTIVATION ("sigmoid", "softmax" or
## [] to skip) fixes the output size: 1 row for a sigmoid, at least 2 for a softmax.
## Returns layer_dims = [n_0, n_1, ..., n_L].

function layer_dims = check_params (fname, params, n_x, output_activation)
  shape_text = "a struct with fields W1, b1, ..., WL, bL";
  if (! (isstruct (params) && isscalar (params)))
    bad_input (fname, "params", shape_text, describe_value (params));
  endif
  names = fieldnames (params);
  L = floor (numel (names) / 2);
  expected_names = parameter_names (L);
  if (L == 0 || numel (names) != 2 * L || ! all (isfield (params, expected_names)))
    bad_input (fname, "params", shape_text, ["fields {" strjoin(names', ", ") "}"]);
  endif

  layer_dims = zeros (1, L + 1);
  if (isempty (n_x))
    W1 = params.W1;
    layer_dims(1) = columns (W1);
  else
    layer_dims(1) = n_x;
  endif
  for l = 1:L
    W_name = expected_names{2*l-1};
    b_name = expected_names{2*l};
    W = params.(W_name);
    b = params.(b_name);
    if (! (isnumeric (W) && isreal (W) && ndims (W) == 2 && ! isempty (W)))
      bad_input (fname, W_name, "a non-empty real numeric matrix", describe_value (W));
    endif
    if (columns (W) != layer_dims(l))
      if (l == 1)
        why = sprintf ("%d columns (the rows of X)", layer_dims(l));
      else
        why = sprintf ("%d columns (the rows of W%d)", layer_dims(l), l - 1);
      endif
      bad_input (fname, W_name, ["a matrix with " why], describe_value (W));
    endif
    layer_dims(l + 1) = rows (W);
    if (! (isnumeric (b) && isreal (b) && ndims (b) == 2 && rows (b) == rows (W) && columns (b) == 1))
      bad_input (fname, b_name, sprintf ("a %dx1 column (the rows of %s)", rows (W), W_name), describe_value (b));
    endif
  endfor

  out_name = expected_names{2*L-1};
  if (strcmp (output_activation, "sigmoid") && layer_dims(end) != 1)
    bad_input (fname, out_name, "a matrix with 1 row for a sigmoid output", describe_value (params.(out_name)));
  elseif (strcmp (output_activation, "softmax") && layer_dims(end) < 2)
    bad_input (fname, out_name, "a matrix with at least 2 rows for a softmax output", describe_value (params.(out_name)));
  endif
endfunction

%!shared p
%! p = struct ("W1", ones (3, 2), "b1", zeros (3, 1), "W2", ones (1, 3), "b2", 0);
%!assert (check_params ("f", p, 2, "sigmoid"), [2 3 1])
%!assert (check_params ("f", p, [], []), [2 3 1])
%!assert (check_params ("f", struct ("b1", [1; 2], "W1", ones (2, 4)), [], "softmax"), [4 2])
%!error <f: 'W1' must be a matrix with 4 columns \(the rows of X\); got a 3x2 double> check_params ("f", p, 4, "sigmoid")
%!error <f: 'W2' must be a matrix with 1 row for a sigmoid output; got a 3x3 double> check_params ("f", setfield (setfield (p, "W2", ones (3)), "b2", [0; 0; 0]), 2, "sigmoid")
%!error <f: 'W2' must be a matrix with at least 2 rows for a softmax output; got a 1x3 double> check_params ("f", p, 2, "softmax")
%!error <f: 'W2' must be a matrix with 3 columns \(the rows of W1\); got a 1x4 double> check_params ("f", setfield (p, "W2", ones (1, 4)), 2, [])
%!error <f: 'b1' must be a 3x1 column \(the rows of W1\); got a 1x3 double> check_params ("f", setfield (p, "b1", zeros (1, 3)), 2, [])
%!error <f: 'b2' must be a 1x1 column .*; got an empty 0x0 double> check_params ("f", setfield (p, "b2", []), 2, [])
%!error <f: 'params' must be a struct with fields W1, b1, ..., WL, bL; got fields \{W1, b1, W2\}> check_params ("f", rmfield (p, "b2"), 2, [])
%!error <f: 'params' must be a struct with fields .*; got fields \{W1, b1, W2, b2, extra\}> check_params ("f", setfield (p, "extra", 1), 2, [])
%!error <f: 'params' must be a struct with fields .*; got fields \{dW1, db1\}> check_params ("f", struct ("dW1", 1, "db1", 0), [], [])
%!error <f: 'params' must be a struct with fields .*; got fields \{\}> check_params ("f", struct (), [], [])
%!error <f: 'params' must be a struct with fields .*; got 3> check_params ("f", 3, 2, [])
%!error <f: 'W1' must be a non-empty real numeric matrix; got 'ab'> check_params ("f", setfield (p, "W1", "ab"), 2, [])
