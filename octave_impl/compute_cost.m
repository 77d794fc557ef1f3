## J = compute_cost (ZL, Y, output_activation, params, lambd)
##
## Cross-entropy cost from the output layer's logits ZL (n_L x m, the pre-activation
## caches{L}.Z of forward_propagation) against 0-based labels Y (1 x m):
##   J = (1/m) sum_i l_i + l2_regularization_cost (weight_square_sums (params), lambd, m)
## with the per-example losses l_i of cross_entropy_terms (sigmoid: -[y log a + (1 - y) log(1 - a)],
## softmax: -log AL[y_i, i], both evaluated stably from ZL) and the L2 term
## (lambd / (2m)) sum_l ||Wl||_F^2 over PARAMS' weights (biases excluded). The gradient check's
## stacked costs call the same two helpers, so the cost formula exists once.
## No clipping and no repair: a saturated output gives a large finite cost; a non-finite ZL
## gives a non-finite cost, reported as is. PARAMS may be [] when LAMBD is 0.
## The arguments are checked here, once; the formula itself is compute_cost_unchecked.

function J = compute_cost (ZL, Y, output_activation, params, lambd)
  fname = "compute_cost";
  if (nargin < 3 || nargin > 5)
    print_usage ();
  endif
  if (nargin < 4)
    params = [];
  endif
  if (nargin < 5)
    lambd = 0;
  endif
  opts = check_options (fname, struct ("output_activation", {output_activation}, "lambd", {lambd}));
  ZL = check_matrix (fname, "ZL", ZL, false);
  if (strcmp (opts.output_activation, "sigmoid") && rows (ZL) != 1)
    bad_input (fname, "ZL", "a 1 x m row for a sigmoid output", describe_value (ZL));
  endif
  Y = check_labels (fname, Y, columns (ZL), opts.output_activation, rows (ZL));
  if (! (isempty (params) && opts.lambd == 0))
    check_params (fname, params, [], []);
  endif
  J = compute_cost_unchecked (ZL, Y, opts.output_activation, params, opts.lambd);
endfunction

%!test
%! ## By hand: logits log 4 and -log 1.5 are the probabilities .8 and .4;
%! ## J = -(1/2) (log .8 + log(1 - .4)).
%! assert (compute_cost ([log(4) -log(1.5)], [1 0], "sigmoid", [], 0), -(log (0.8) + log (0.6)) / 2, 1e-15);
%!test
%! ## L2 with lambd .4, m = 2: ||W1||^2 = 1+1+.25+.25 = 2.5, ||W2||^2 = 4+1 = 5;
%! ## term = .4 / (2*2) * 7.5 = .75. Biases (here 100) do not count.
%! p = struct ("W1", [1 -1; 0.5 0.5], "b1", [100; 100], "W2", [2 -1], "b2", 100);
%! J = compute_cost ([log(4) -log(1.5)], [1 0], "sigmoid", p, 0.4);
%! assert (J, -(log (0.8) + log (0.6)) / 2 + 0.75, 1e-15);
%!test
%! ## Softmax by hand: columns softmax(log [.7 .2 .1]) and softmax(log [.2 .5 .3]); labels 0 and 2
%! ## pick .7 and .3.
%! ZL = log ([0.7 0.2; 0.2 0.5; 0.1 0.3]);
%! assert (compute_cost (ZL, [0 2], "softmax", [], 0), -(log (0.7) + log (0.3)) / 2, 1e-15);
%!test
%! ## Equals the SPEC formula on the probabilities where those are representable.
%! randn ("state", 12);
%! ZL = randn (3, 5); Y = [0 2 1 1 0];
%! AL = softmax_forward (ZL);
%! assert (compute_cost (ZL, Y, "softmax"), -mean (log (AL(sub2ind (size (AL), Y + 1, 1:5)))), 1e-15);
%! z = randn (1, 5); y = [1 0 0 1 1]; a = 1 ./ (1 + exp (-z));
%! assert (compute_cost (z, y, "sigmoid"), -mean (y .* log (a) + (1 - y) .* log (1 - a)), 1e-15);
%!test
%! ## Saturation: a certain wrong prediction gives a large finite cost, the analytic one (the
%! ## probabilities would be exactly 0 or 1 here, and their logs Inf).
%! assert (compute_cost (1000, 0, "sigmoid"), 1000);
%! assert (compute_cost ([1000 -1000], [0 1], "sigmoid"), 1000);
%! assert (compute_cost ([-1000 1000], [0 1], "sigmoid"), 0);
%! assert (compute_cost ([1000 -1000; -1000 1000], [1 0], "softmax"), 2000);
%! assert (compute_cost ([1000; -1000; 0], 0, "softmax"), 0);
%!test
%! ## Non-finite logits are results, not repaired.
%! assert (isnan (compute_cost ([NaN 0], [1 0], "sigmoid")));
%! assert (isnan (compute_cost ([NaN 0; 0 0], [0 0], "softmax")));
%!test
%! ## Zero logits cost log 2 (sigmoid) and log K (softmax).
%! assert (compute_cost (zeros (1, 5), [0 1 1 0 1], "sigmoid"), log (2), 1e-15);
%! assert (compute_cost (zeros (4, 3), [3 0 2], "softmax"), log (4), 1e-15);
%!error <compute_cost: 'Y' must be a 1x2 row of labels .*; got a 2x1 double> compute_cost ([0.8 0.4], [1; 0], "sigmoid", [], 0)
%!error <compute_cost: 'Y' must be labels 0 or 1 for a sigmoid output; got 2 at column 2> compute_cost ([0.8 0.4], [1 2], "sigmoid", [], 0)
%!error <compute_cost: 'Y' must be integer labels in 0..2 .*; got 3 at column 1> compute_cost (ones (3, 2) / 3, [3 0], "softmax", [], 0)
%!error <compute_cost: 'lambd' must be a finite number .= 0; got -1> compute_cost ([0.8 0.4], [1 0], "sigmoid", [], -1)
%!error <compute_cost: 'output_activation' must be one of \{sigmoid, softmax\}; got 'relu'> compute_cost ([0.8 0.4], [1 0], "relu", [], 0)
%!error <compute_cost: 'ZL' must be a 1 x m row for a sigmoid output; got a 2x2 double> compute_cost (ones (2) / 2, [1 0], "sigmoid", [], 0)
%!error <compute_cost: 'ZL' must be a non-empty real numeric matrix; got an empty 0x0 double> compute_cost ([], [], "sigmoid", [], 0)
%!error <compute_cost: 'params' must be a struct> compute_cost ([0.8 0.4], [1 0], "sigmoid", [], 0.5)
