## [AL, caches] = forward_propagation (X, params, hidden_activation, output_activation, keep_prob, masks)
##
## Forward pass of the L-layer network: A0 = X; for hidden layers l < L
## Al = g(Wl A(l-1) + bl), followed by inverted dropout with masks{l} when KEEP_PROB < 1;
## the output layer applies "sigmoid" or a column-wise "softmax". MASKS is a 1 x (L-1) cell of
## 0/1 matrices (n_l, m), ignored when KEEP_PROB == 1 (pass {}).
## CACHES is a 1 x L cell of structs with fields linear_cache (A_prev, W, b), Z and mask
## ([] for the output layer and without dropout), consumed by backward_propagation.
## The arguments are checked here, once; the pass itself is forward_propagation_unchecked.

function [AL, caches] = forward_propagation (X, params, hidden_activation, output_activation, keep_prob, masks)
  fname = "forward_propagation";
  if (nargin < 4 || nargin > 6)
    print_usage ();
  endif
  if (nargin < 5)
    keep_prob = 1;
  endif
  if (nargin < 6)
    masks = {};
  endif
  opts = check_options (fname, struct ("hidden_activation", {hidden_activation}, ...
                                       "output_activation", {output_activation}, "keep_prob", {keep_prob}));
  X = check_matrix (fname, "X", X, true);
  layer_dims = check_params (fname, params, rows (X), opts.output_activation);
  masks = check_masks (fname, masks, layer_dims, columns (X), opts.keep_prob);
  [AL, caches] = forward_propagation_unchecked (X, params, opts.hidden_activation, opts.output_activation, ...
                                                opts.keep_prob, masks);
endfunction

%!shared X, p, sig
%! ## Hand example: X holds examples (1,3) and (2,-1).
%! ## Z1 = W1 X + b1 = [1 -1; .5 .5] [1 2; 3 -1] + [0; -1] = [-2 3; 2 .5] + [0; -1] = [-2 3; 1 -.5]
%! ## relu: A1 = [0 3; 1 0];  Z2 = [2 -1] A1 + .5 = [-.5 6.5]
%! X = [1 2; 3 -1];
%! p = struct ("W1", [1 -1; 0.5 0.5], "b1", [0; -1], "W2", [2 -1], "b2", 0.5);
%! sig = @(z) 1 ./ (1 + exp (-z));
%!test
%! [AL, caches] = forward_propagation (X, p, "relu", "sigmoid", 1, {});
%! assert (AL, sig ([-0.5 6.5]), 1e-15);
%! assert (size (caches), [1 2]);
%! assert (caches{1}.Z, [-2 3; 1 -0.5]);
%! assert (caches{1}.linear_cache.A_prev, X);
%! assert (caches{1}.linear_cache.W, p.W1);
%! assert (caches{2}.linear_cache.A_prev, [0 3; 1 0]);
%! assert (caches{2}.Z, [-0.5 6.5]);
%! assert (isempty (caches{1}.mask) && isempty (caches{2}.mask));
%!test
%! ## Dropout, mask [1 0; 1 1], keep_prob .5: A1 = [0 0; 1 0] / .5 = [0 0; 2 0]; Z2 = [-2+.5, .5]
%! [AL, caches] = forward_propagation (X, p, "relu", "sigmoid", 0.5, {[1 0; 1 1]});
%! assert (caches{2}.Z, [-1.5 0.5]);
%! assert (caches{1}.mask, [1 0; 1 1]);
%! assert (AL, sig ([-1.5 0.5]), 1e-15);
%!test
%! ## keep_prob == 1 ignores whatever masks are passed.
%! AL = forward_propagation (X, p, "relu", "sigmoid", 1, {[0 0; 0 0]});
%! assert (AL, sig ([-0.5 6.5]), 1e-15);
%!test
%! ## tanh hidden, softmax output with 2 classes: Z2 rows [2 -1] A1 and [0 1] A1 (+ b2).
%! q = struct ("W1", p.W1, "b1", p.b1, "W2", [2 -1; 0 1], "b2", [0.5; 0]);
%! A1 = tanh ([-2 3; 1 -0.5]);
%! Z2 = [2 -1; 0 1] * A1 + [0.5; 0];
%! AL = forward_propagation (X, q, "tanh", "softmax", 1, {});
%! assert (AL, exp (Z2) ./ sum (exp (Z2)), 1e-15);
%!test
%! ## One layer (no hidden layer) is logistic regression: AL = sigmoid (w x + b).
%! AL = forward_propagation ([1 -2], struct ("W1", 3, "b1", 1), "relu", "sigmoid", 0.5, {});
%! assert (AL, sig ([4 -5]), 1e-15);
%!test
%! ## Bad input carries the identifier nnparity:badInput and the [Octave] prefix.
%! try
%!   forward_propagation (X, p, "relu", "sigmoid", 2, {});
%!   error ("not reached");
%! catch err
%!   assert (err.identifier, "nnparity:badInput");
%!   assert (err.message, "[Octave] forward_propagation: 'keep_prob' must be a number in (0, 1]; got 2");
%! end_try_catch
%!error <forward_propagation: 'X' must be a finite non-empty real numeric matrix.*; got NaN at row 1, column 2> forward_propagation ([1 NaN; 0 0], p, "relu", "sigmoid", 1, {})
%!error <forward_propagation: 'W1' must be a matrix with 3 columns \(the rows of X\)> forward_propagation (ones (3, 2), p, "relu", "sigmoid", 1, {})
%!error <forward_propagation: 'W2' must be a matrix with at least 2 rows for a softmax output> forward_propagation (X, p, "relu", "softmax", 1, {})
%!error <forward_propagation: 'hidden_activation' must be one of .*; got 'elu'> forward_propagation (X, p, "elu", "sigmoid", 1, {})
%!error <forward_propagation: 'output_activation' must be one of \{sigmoid, softmax\}; got 'tanh'> forward_propagation (X, p, "relu", "tanh", 1, {})
%!error <forward_propagation: 'keep_prob' must be a number in \(0, 1\]; got 0> forward_propagation (X, p, "relu", "sigmoid", 0, {})
%!error <forward_propagation: 'masks' must be a cell of 1 0/1 mask\(s\), one per hidden layer; got 0 mask\(s\)> forward_propagation (X, p, "relu", "sigmoid", 0.5, {})
%!error <forward_propagation: 'masks\{1\}' must be a 2x2 matrix of 0/1; got a 2x3 double> forward_propagation (X, p, "relu", "sigmoid", 0.5, {ones(2, 3)})
%!error <forward_propagation: 'masks\{1\}' must be a 2x2 matrix of 0/1; got 0.5 at row 1, column 1> forward_propagation (X, p, "relu", "sigmoid", 0.5, {[0.5 1; 1 1]})
