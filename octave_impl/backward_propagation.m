## grads = backward_propagation (AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob)
##
## Backward pass matching forward_propagation: dZL from output_backward, then for each layer
## from L down to 1 linear_backward; for hidden layers the incoming dAl first goes back through
## dropout (the mask stored in the cache, when KEEP_PROB < 1) and then the activation.
## GRADS is a struct with fields dW1, db1, ..., dWL, dbL in the exact shapes of Wl, bl.
## The arguments are checked here, once; the pass itself is backward_propagation_unchecked.

function grads = backward_propagation (AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob)
  fname = "backward_propagation";
  if (nargin < 5 || nargin > 7)
    print_usage ();
  endif
  if (nargin < 6)
    lambd = 0;
  endif
  if (nargin < 7)
    keep_prob = 1;
  endif
  opts = check_options (fname, struct ("hidden_activation", {hidden_activation}, "output_activation", {output_activation}, ...
                                       "lambd", {lambd}, "keep_prob", {keep_prob}));
  is_cache = @(c) isstruct (c) && isscalar (c) && all (isfield (c, {"linear_cache", "Z", "mask"})) ...
                  && isstruct (c.linear_cache) && all (isfield (c.linear_cache, {"A_prev", "W", "b"}));
  if (! (iscell (caches) && ! isempty (caches) && all (cellfun (is_cache, caches))))
    bad_input (fname, "caches", "a non-empty cell of layer caches from forward_propagation", describe_value (caches));
  endif
  AL = check_matrix (fname, "AL", AL, false);
  if (! isequal (size (AL), size (caches{end}.Z)))
    bad_input (fname, "AL", sprintf ("a %dx%d matrix (the shape of the output layer's Z)", size (caches{end}.Z)), ...
               describe_value (AL));
  endif
  Y = check_labels (fname, Y, columns (AL), opts.output_activation, rows (AL));
  if (opts.keep_prob < 1 && ! all (cellfun (@(c) isequal (size (c.mask), size (c.Z)), caches(1:end-1))))
    bad_input (fname, "caches", "caches with the dropout masks of every hidden layer (keep_prob < 1)", ...
               "a hidden layer without its mask");
  endif
  grads = backward_propagation_unchecked (AL, Y, caches, opts.hidden_activation, opts.output_activation, ...
                                          opts.lambd, opts.keep_prob);
endfunction

%!test
%! ## Logistic regression (L = 1) by hand: x = [1 -2], w = 3, b = 1, y = [1 0], m = 2.
%! ## a = sigmoid([4 -5]); dW = ((a1 - 1) * 1 + a2 * (-2)) / 2; db = ((a1 - 1) + a2) / 2.
%! p = struct ("W1", 3, "b1", 1);
%! [AL, caches] = forward_propagation ([1 -2], p, "relu", "sigmoid", 1, {});
%! g = backward_propagation (AL, [1 0], caches, "relu", "sigmoid", 0, 1);
%! a = 1 ./ (1 + exp (-[4 -5]));
%! assert (fieldnames (g), {"dW1"; "db1"});
%! assert (g.dW1, ((a(1) - 1) * 1 + a(2) * (-2)) / 2, 1e-15);
%! assert (g.db1, ((a(1) - 1) + a(2)) / 2, 1e-15);
%!test
%! ## Two layers by hand (forward example of forward_propagation): A1 = [0 3; 1 0],
%! ## Z1 = [-2 3; 1 -.5], W2 = [2 -1]; dZ2 = a - y; dW2 = dZ2 A1' / 2; db2 = mean (dZ2);
%! ## dA1 = W2' dZ2; relu' (Z1) = [0 1; 1 0]; dZ1 = dA1 .* that; dW1 = dZ1 X' / 2.
%! X = [1 2; 3 -1]; Y = [1 0];
%! p = struct ("W1", [1 -1; 0.5 0.5], "b1", [0; -1], "W2", [2 -1], "b2", 0.5);
%! [AL, caches] = forward_propagation (X, p, "relu", "sigmoid", 1, {});
%! g = backward_propagation (AL, Y, caches, "relu", "sigmoid", 0, 1);
%! a = 1 ./ (1 + exp (-[-0.5 6.5]));
%! d = a - Y;
%! assert (g.dW2, [d(2) * 3, d(1) * 1] / 2, 1e-15);
%! assert (g.db2, (d(1) + d(2)) / 2, 1e-15);
%! dZ1 = [0, 2 * d(2); -1 * d(1), 0];
%! assert (g.dW1, dZ1 * X' / 2, 1e-15);
%! assert (g.db1, sum (dZ1, 2) / 2, 1e-15);
%! assert (fieldnames (g), {"dW1"; "db1"; "dW2"; "db2"});
%!test
%! ## Dropout: a dropped unit receives no gradient in its row of dW1 and db1.
%! X = [1 2; 3 -1]; Y = [1 0];
%! p = struct ("W1", [1 -1; 0.5 0.5], "b1", [0; 1], "W2", [2 -1], "b2", 0.5);
%! [AL, caches] = forward_propagation (X, p, "tanh", "sigmoid", 0.5, {[1 1; 0 0]});
%! g = backward_propagation (AL, Y, caches, "tanh", "sigmoid", 0, 0.5);
%! assert (g.dW1(2, :), [0 0]);
%! assert (g.db1(2), 0);
%! assert (all (g.dW1(1, :) != 0));
%!error <backward_propagation: 'caches' must be a non-empty cell of layer caches> backward_propagation ([0.5 0.5], [1 0], {}, "relu", "sigmoid", 0, 1)
%!error <backward_propagation: 'hidden_activation' must be one of> backward_propagation ([0.5 0.5], [1 0], {}, "gelu", "sigmoid", 0, 1)
%!error <backward_propagation: 'AL' must be a 1x2 matrix \(the shape of the output layer's Z\); got a 1x3 double> backward_propagation ([0.5 0.5 0.5], [1 0 1], {struct("linear_cache", struct ("A_prev", [1 2], "W", 1, "b", 0), "Z", [0 0], "mask", [])}, "relu", "sigmoid", 0, 1)
%!error <backward_propagation: 'caches' must be caches with the dropout masks of every hidden layer> backward_propagation ([0.5 0.5], [1 0], {struct("linear_cache", struct ("A_prev", [1 2], "W", 1, "b", 0), "Z", [0 0], "mask", []), struct("linear_cache", struct ("A_prev", [1 2], "W", 1, "b", 0), "Z", [0 0], "mask", [])}, "relu", "sigmoid", 0, 0.5)
%!error <backward_propagation: 'Y' must be labels 0 or 1 for a sigmoid output; got 3 at column 2> backward_propagation ([0.5 0.5], [1 3], {struct("linear_cache", struct ("A_prev", [1 2], "W", 1, "b", 0), "Z", [0 0], "mask", [])}, "relu", "sigmoid", 0, 1)
