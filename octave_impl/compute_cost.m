## J = compute_cost (AL, Y, output_activation, params, lambd)
##
## Cross-entropy cost of the output AL (n_L x m) against 0-based labels Y (1 x m):
##   sigmoid  J = -(1/m) sum_i [y_i log a_i + (1 - y_i) log(1 - a_i)]
##   softmax  J = -(1/m) sum_i log AL[y_i, i]   (the label's entry is picked, no one-hot product)
## plus the L2 term (lambd / (2m)) sum_l ||Wl||_F^2 over PARAMS' weights (biases excluded), from
## l2_regularization_cost and weight_square_sum (shared with the batched gradient check).
## The per-example terms in brackets come from cross_entropy_terms (shared with the batched
## gradient check, so the formula exists once).
## No clipping: a probability of exactly 0 or 1 gives Inf (or NaN), reported as is.
## PARAMS may be [] when LAMBD is 0.

function J = compute_cost (AL, Y, output_activation, params, lambd)
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
  Y = check_output (fname, AL, Y, opts.output_activation);
  has_params = ! (isempty (params) && opts.lambd == 0);
  if (has_params)
    check_params (fname, params);
  endif
  lambd = opts.lambd;
  m = columns (AL);

  J = -(1 / m) * sum (cross_entropy_terms (AL, Y, opts.output_activation));

  if (has_params)
    J = J + l2_regularization_cost (weight_square_sum (params), lambd, m);
  endif
endfunction

%!test
%! ## By hand: -(1/2) (log .8 + log(1 - .4)).
%! assert (compute_cost ([0.8 0.4], [1 0], "sigmoid", [], 0), -(log (0.8) + log (0.6)) / 2, 1e-15);
%!test
%! ## L2 with lambd .4, m = 2: ||W1||^2 = 1+1+.25+.25 = 2.5, ||W2||^2 = 4+1 = 5;
%! ## term = .4 / (2*2) * 7.5 = .75. Biases (here 100) do not count.
%! p = struct ("W1", [1 -1; 0.5 0.5], "b1", [100; 100], "W2", [2 -1], "b2", 100);
%! J = compute_cost ([0.8 0.4], [1 0], "sigmoid", p, 0.4);
%! assert (J, -(log (0.8) + log (0.6)) / 2 + 0.75, 1e-15);
%!test
%! ## Softmax by hand: labels 0 and 2 pick .7 and .3.
%! AL = [0.7 0.2; 0.2 0.5; 0.1 0.3];
%! assert (compute_cost (AL, [0 2], "softmax", [], 0), -(log (0.7) + log (0.3)) / 2, 1e-15);
%!test
%! ## Softmax: zeros outside the picked entries do not produce NaN (no one-hot times log).
%! assert (compute_cost ([1 0; 0 1], [0 1], "softmax", [], 0), 0);
%!test
%! ## No clipping: a certain wrong prediction costs Inf; 0 * log(0) is NaN, not repaired.
%! assert (compute_cost ([0 0.5], [1 0], "sigmoid", [], 0), Inf);
%! assert (isnan (compute_cost ([1 0.5], [1 0], "sigmoid", [], 0)));
%! assert (compute_cost ([0 1; 1 0], [0 0], "softmax", [], 0), Inf);
%!test
%! ## Uniform predictions cost log 2 (sigmoid) and log K (softmax).
%! assert (compute_cost (0.5 * ones (1, 5), [0 1 1 0 1], "sigmoid"), log (2), 1e-15);
%! assert (compute_cost (ones (4, 3) / 4, [3 0 2], "softmax"), log (4), 1e-15);
%!error <compute_cost: 'Y' must be a 1x2 row of labels .*; got a 2x1 double> compute_cost ([0.8 0.4], [1; 0], "sigmoid", [], 0)
%!error <compute_cost: 'Y' must be labels 0 or 1 for a sigmoid output; got 2 at column 2> compute_cost ([0.8 0.4], [1 2], "sigmoid", [], 0)
%!error <compute_cost: 'Y' must be integer labels in 0..2 .*; got 3 at column 1> compute_cost (ones (3, 2) / 3, [3 0], "softmax", [], 0)
%!error <compute_cost: 'lambd' must be a finite number .= 0; got -1> compute_cost ([0.8 0.4], [1 0], "sigmoid", [], -1)
%!error <compute_cost: 'output_activation' must be one of \{sigmoid, softmax\}; got 'relu'> compute_cost ([0.8 0.4], [1 0], "relu", [], 0)
%!error <compute_cost: 'AL' must be a 1 x m row for a sigmoid output; got a 2x2 double> compute_cost (ones (2) / 2, [1 0], "sigmoid", [], 0)
%!error <compute_cost: 'params' must be a struct> compute_cost ([0.8 0.4], [1 0], "sigmoid", [], 0.5)
