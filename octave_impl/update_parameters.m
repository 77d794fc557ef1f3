## [params, state] = update_parameters (params, grads, state, options, t, learning_rate)
##
## One optimiser step on every tensor theta (W1, b1, ...) with its gradient d(theta) from GRADS
## (dW1, db1, ...), following options.optimizer:
##   gd        theta -= alpha d
##   momentum  v = beta v + (1 - beta) d;  theta -= alpha v
##   rmsprop   s = beta2 s + (1 - beta2) d.^2;  theta -= alpha d / (sqrt(s) + epsilon)
##   adam      v and s as above (beta1, beta2), bias-corrected with the step count T:
##             v_hat = v / (1 - beta1^t), s_hat = s / (1 - beta2^t);
##             theta -= alpha v_hat / (sqrt(s_hat) + epsilon)
## alpha = LEARNING_RATE (already scheduled), epsilon = options.optimizer_epsilon; T counts
## updates from 1 over the whole run. STATE comes from initialize_optimizer.
## The arguments are checked here, once; the step itself is update_parameters_unchecked, with
## one helper per optimiser (update_with_gd, update_with_momentum, update_with_rmsprop,
## update_with_adam).

function [params, state] = update_parameters (params, grads, state, options, t, learning_rate)
  fname = "update_parameters";
  if (nargin != 6)
    print_usage ();
  endif
  opts = check_options (fname, options);
  layer_dims = check_params (fname, params, [], []);
  L = numel (layer_dims) - 1;
  names = parameter_names (L);
  dims_text = sprintf ("layer_dims [%s]", num2str (layer_dims));
  ## grads, then v and s of the state: exactly dW1, db1, ..., dWL, dbL, each in its parameter's shape.
  argnames = {"grads", "state", "state"};
  what = {"gradients", "moments", "moments"};
  for k = 1:3
    if (k == 1)
      value = grads;
    elseif (! (isstruct (state) && isscalar (state) && all (isfield (state, {"v", "s"}))))
      bad_input (fname, "state", "a struct with fields v and s (initialize_optimizer)", describe_value (state));
    elseif (k == 2)
      value = state.v;
    else
      value = state.s;
    endif
    if (! (isstruct (value) && isscalar (value) && numfields (value) == 2 * L && all (isfield (value, gradient_names (L)))))
      if (k == 1)
        bad_input (fname, "grads", "a struct with fields dW1, db1, ..., dWL, dbL", describe_value (value));
      endif
      bad_input (fname, "state", sprintf ("moments v and s with fields dW1, db1, ..., dW%d, db%d", L, L), describe_value (value));
    endif
    tensors = struct2cell (orderfields (value, gradient_names (L)));
    if (! all (cellfun (@(x, name) isnumeric (x) && isreal (x) && isequal (size (x), size (params.(name))), tensors(:)', names)))
      shapes = cellfun (@(x) size (x, 1), tensors(1:2:end))';
      got = sprintf ("layer_dims [%s]", num2str ([size(tensors{1}, 2), shapes]));
      if (! all (cellfun (@(x) isnumeric (x) && isreal (x) && ismatrix (x), tensors)))
        got = "non-numeric tensors";
      endif
      bad_input (fname, argnames{k}, sprintf ("%s for %s", what{k}, dims_text), got);
    endif
  endfor
  t = check_integer (fname, "t", t, 1);
  learning_rate = check_number (fname, "learning_rate", learning_rate, "a finite number >= 0", @(x) x >= 0);
  [params, state] = update_parameters_unchecked (params, grads, state, opts, t, learning_rate);
endfunction

%!shared p0, g1, g2
%! ## Hand example: W1 = [1 2], b1 = .5; two steps with gradients
%! ## g1: dW1 = [.1 -.2], db1 = .4   and   g2: dW1 = [.11 .1], db1 = -.2;  alpha = .1.
%! ## g2 is chosen so that the rmsprop moments are perfect squares (see that test).
%! p0 = struct ("W1", [1 2], "b1", 0.5);
%! g1 = struct ("dW1", [0.1 -0.2], "db1", 0.4);
%! g2 = struct ("dW1", [0.11 0.1], "db1", -0.2);

%!test
%! ## gd: step 1 W = [1 - .01, 2 + .02] = [.99 2.02], b = .5 - .04 = .46;
%! ##     step 2 W = [.99 - .011, 2.02 - .01] = [.979 2.01], b = .46 + .02 = .48.
%! opts = struct ("optimizer", "gd");
%! [p1, s1] = update_parameters (p0, g1, initialize_optimizer (p0, "gd"), opts, 1, 0.1);
%! assert (p1.W1, [0.99 2.02], 1e-15);
%! assert (p1.b1, 0.46, 1e-15);
%! [p2, s2] = update_parameters (p1, g2, s1, opts, 2, 0.1);
%! assert (p2.W1, [0.979 2.01], 1e-15);
%! assert (p2.b1, 0.48, 1e-15);
%! assert (s2.v.dW1, [0 0]);

%!test
%! ## momentum, beta .9: step 1 v = .1 g1 = [.01 -.02], vb = .04; W = [.999 2.002], b = .496.
%! ## step 2 v = .9 [.01 -.02] + .1 [.11 .1] = [.02 -.008]; vb = .036 - .02 = .016;
%! ##        W = [.999 - .002, 2.002 + .0008] = [.997 2.0028]; b = .496 - .0016 = .4944.
%! opts = struct ("optimizer", "momentum", "beta", 0.9);
%! [p1, s1] = update_parameters (p0, g1, initialize_optimizer (p0, "momentum"), opts, 1, 0.1);
%! assert (s1.v.dW1, [0.01 -0.02], 1e-15);
%! assert (s1.v.db1, 0.04, 1e-15);
%! assert (p1.W1, [0.999 2.002], 1e-15);
%! assert (p1.b1, 0.496, 1e-15);
%! [p2, s2] = update_parameters (p1, g2, s1, opts, 2, 0.1);
%! assert (s2.v.dW1, [0.02 -0.008], 1e-15);
%! assert (s2.v.db1, 0.016, 1e-15);
%! assert (p2.W1, [0.997 2.0028], 1e-15);
%! assert (p2.b1, 0.4944, 1e-15);

%!test
%! ## rmsprop, beta2 .75, epsilon .01 (large on purpose: sqrt(s) + eps, not sqrt(s + eps)).
%! ## step 1 s = .25 g1.^2 = [.0025 .01], sb = .04; sqrt = [.05 .1], .2;
%! ##        W = [1 - .1 * .1 / .06, 2 + .1 * .2 / .11] = [1 - 1/6, 2 + 2/11]; b = .5 - .04/.21.
%! ## step 2 s = .75 [.0025 .01] + .25 [.0121 .01] = [.0049 .01], sb = .03 + .01 = .04;
%! ##        sqrt = [.07 .1], .2; W = [1 - 1/6 - .1 * .11 / .08, 2 + 2/11 - .1 * .1 / .11]
%! ##        = [1 - 1/6 - .1375, 2 + 1/11]; b = .5 - 4/21 + .02/.21 = .5 - 2/21.
%! opts = struct ("optimizer", "rmsprop", "beta2", 0.75, "optimizer_epsilon", 0.01);
%! [p1, s1] = update_parameters (p0, g1, initialize_optimizer (p0, "rmsprop"), opts, 1, 0.1);
%! assert (s1.s.dW1, [0.0025 0.01], 1e-15);
%! assert (p1.W1, [1 - 1/6, 2 + 2/11], 1e-15);
%! assert (p1.b1, 0.5 - 4/21, 1e-15);
%! [p2, s2] = update_parameters (p1, g2, s1, opts, 2, 0.1);
%! assert (s2.s.dW1, [0.0049 0.01], 1e-15);
%! assert (s2.s.db1, 0.04, 1e-15);
%! assert (p2.W1, [1 - 1/6 - 0.1375, 2 + 1/11], 1e-14);
%! assert (p2.b1, 0.5 - 2/21, 1e-15);

%!test
%! ## adam, beta1 .5, beta2 .75, epsilon .01.
%! ## step 1 (t = 1): v = .5 g1 = [.05 -.1], vb = .2; s = .25 g1.^2 = [.0025 .01], sb = .04;
%! ##   v_hat = v / .5 = g1, s_hat = s / .25 = g1.^2, sqrt(s_hat) = |g1| = [.1 .2], .4;
%! ##   W = [1 - .1 * .1 / .11, 2 + .1 * .2 / .21] = [1 - 1/11, 2 + 2/21]; b = .5 - .04/.41.
%! ## step 2 (t = 2): v = .5 [.05 -.1] + .5 [.11 .1] = [.08 0], vb = .1 - .1 = 0;
%! ##   s = [.0049 .01], sb = .04 (as for rmsprop); v_hat = v / (1 - .25) = [.08/.75 0];
%! ##   s_hat = s / (1 - .5625); only W(1) moves: by .1 (.08/.75) / (sqrt (.0049/.4375) + .01).
%! opts = struct ("optimizer", "adam", "beta1", 0.5, "beta2", 0.75, "optimizer_epsilon", 0.01);
%! [p1, s1] = update_parameters (p0, g1, initialize_optimizer (p0, "adam"), opts, 1, 0.1);
%! assert (s1.v.dW1, [0.05 -0.1], 1e-15);
%! assert (s1.s.db1, 0.04, 1e-15);
%! assert (p1.W1, [1 - 1/11, 2 + 2/21], 1e-15);
%! assert (p1.b1, 0.5 - 0.04 / 0.41, 1e-15);
%! [p2, s2] = update_parameters (p1, g2, s1, opts, 2, 0.1);
%! assert (s2.v.dW1, [0.08 0], 1e-15);
%! assert (s2.v.db1, 0, 1e-15);
%! assert (s2.s.dW1, [0.0049 0.01], 1e-15);
%! assert (p2.W1, [1 - 1/11 - 0.1 * (0.08 / 0.75) / (sqrt (0.0049 / 0.4375) + 0.01), 2 + 2/21], 1e-14);
%! assert (p2.b1, 0.5 - 0.04 / 0.41, 1e-15);

%!test
%! ## Several layers: each tensor moves with its own gradient (gd), names and shapes kept.
%! p = struct ("W1", ones (2, 3), "b1", [1; 2], "W2", [1 1], "b2", 3);
%! g = struct ("dW1", [1 2 3; 4 5 6], "db1", [1; -1], "dW2", [2 0], "db2", 10);
%! q = update_parameters (p, g, initialize_optimizer (p, "gd"), struct (), 1, 0.5);
%! assert (q.W1, ones (2, 3) - 0.5 * [1 2 3; 4 5 6]);
%! assert (q.b1, [0.5; 2.5]);
%! assert (q.W2, [0 1]);
%! assert (q.b2, -2);
%! assert (fieldnames (q), fieldnames (p));

%!shared p, g, s
%! p = struct ("W1", [1 2], "b1", 0.5);
%! g = struct ("dW1", [0.1 -0.2], "db1", 0.4);
%! s = initialize_optimizer (p, "gd");
%!error <update_parameters: 'learning_rate' must be a finite number .= 0; got -0.1> update_parameters (p, g, s, struct (), 1, -0.1)
%!error <update_parameters: 't' must be a positive integer; got 0> update_parameters (p, g, s, struct (), 0, 0.1)
%!error <update_parameters: 'optimizer' must be one of> update_parameters (p, g, s, struct ("optimizer", "lbfgs"), 1, 0.1)
%!error <update_parameters: 'grads' must be gradients for layer_dims \[2  1\]; got layer_dims \[1  2\]> update_parameters (p, struct ("dW1", [0.1; 0.2], "db1", [0; 0]), s, struct (), 1, 0.1)
%!error <update_parameters: 'grads' must be a struct with fields dW1, db1> update_parameters (p, struct ("W1", [1 2], "b1", 0), s, struct (), 1, 0.1)
%!error <update_parameters: 'state' must be a struct with fields v and s> update_parameters (p, g, struct (), struct (), 1, 0.1)
%!error <update_parameters: 'state' must be moments for layer_dims \[2  1\]; got layer_dims \[2  2\]> update_parameters (p, g, setfield (s, "v", struct ("dW1", [1 2; 3 4], "db1", [0; 0])), struct (), 1, 0.1)
%!error <update_parameters: 'state' must be moments v and s with fields dW1, db1> update_parameters (p, g, setfield (s, "s", struct ("dW1", [1 2])), struct (), 1, 0.1)
%!error <update_parameters: 'grads' must be gradients for layer_dims \[2  1\]; got non-numeric tensors> update_parameters (p, struct ("dW1", "ab", "db1", 0), s, struct (), 1, 0.1)
%!error <update_parameters: 't' must be a positive integer; got 1.5> update_parameters (p, g, s, struct (), 1.5, 0.1)
