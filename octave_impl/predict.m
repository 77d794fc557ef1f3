## labels = predict (X, params, hidden_activation, output_activation)
##
## Predicted 0-based labels (1 x m) from a forward pass without dropout: for a sigmoid output
## 1 where AL > 0.5 (so 0.5 itself predicts 0), for a softmax the row of each column's maximum
## minus 1 (ties go to the first maximal row).

function labels = predict (X, params, hidden_activation, output_activation)
  fname = "predict";
  if (nargin != 4)
    print_usage ();
  endif
  opts = check_options (fname, struct ("hidden_activation", {hidden_activation}, "output_activation", {output_activation}));
  X = check_matrix (fname, "X", X, true);
  check_params (fname, params, rows (X), opts.output_activation);
  AL = forward_propagation_unchecked (X, params, opts.hidden_activation, opts.output_activation, 1, {});
  if (strcmp (opts.output_activation, "sigmoid"))
    labels = double (AL > 0.5);
  else
    [~, row] = max (AL, [], 1);
    labels = row - 1;
  endif
endfunction

%!test
%! ## Logistic unit: z = 2x - 1 gives AL = sigmoid ([-1 0 1]) = [<.5, .5, >.5] -> [0 0 1].
%! p = struct ("W1", 2, "b1", -1);
%! assert (predict ([0 0.5 1], p, "relu", "sigmoid"), [0 0 1]);
%!test
%! ## Softmax: the identity layer makes Z = X; argmax rows 3, 1, tie (1 and 2) -> 0-based 2 0 0.
%! p = struct ("W1", eye (3), "b1", zeros (3, 1));
%! assert (predict ([0 5 1; 1 2 1; 4 3 0], p, "relu", "softmax"), [2 0 0]);
%!test
%! ## Through a hidden layer: relu of [x; -x] then output weights [1 -1] -> sign of x.
%! p = struct ("W1", [1; -1], "b1", [0; 0], "W2", [1 -1], "b2", 0);
%! assert (predict ([-2 3 -0.1 0.2], p, "relu", "sigmoid"), [0 1 0 1]);
%!error <predict: 'W1' must be a matrix with 2 columns \(the rows of X\)> predict (ones (2, 3), struct ("W1", 1, "b1", 0), "relu", "sigmoid")
%!error <predict: 'output_activation' must be one of> predict (ones (1, 3), struct ("W1", 1, "b1", 0), "relu", "linear")
%!error <predict: 'W1' must be a matrix with at least 2 rows for a softmax output> predict (ones (1, 3), struct ("W1", 1, "b1", 0), "relu", "softmax")
