## [gradapprox, kinked] = full_gradient_approximation (X, Y, params, layer_dims, opts, masks, caches, tensor_names)
##
## The plain loop's two-sided differences for every component of the tensors TENSOR_NAMES (a
## cell of gradient names "dW1", "db1", ...), computed from the unperturbed pass CACHES instead
## of two full passes per component. Component (i, j) of W_l (or i of b_l) changes only row i of
## Z_l, by delta A_{l-1}(j, :) (or delta), with delta = fl(theta +- eps) - theta, the step the
## plain loop really takes; per layer, chunks of k components give 2k versions (+ then -) that
## stacked_row_change pushes into Z_{l+1} as rank-one terms, stacked_forward_from_layer runs
## through the later layers and stacked_costs turns into costs (the L2 term with the perturbed
## layer's ||W_l||^2 changed by new^2 - old^2). A chunk is sized so that each stacked matrix
## (n_{l+1} .. n_L rows high, n_L for the output layer) holds at most MAX_STACK_ELEMENTS = 2^17
## doubles (at least one component).
## GRADAPPROX (P x 1) is (J+ - J-) / (2 eps) on those tensors and NaN elsewhere; KINKED (P x 1)
## flags, for relu / leaky_relu hidden layers, the components whose + or - version puts a hidden
## pre-activation on the other side of 0. The same numbers as plain_gradient_approximation up
## to rounding (a rank-one update instead of a fresh product).

function [gradapprox, kinked] = full_gradient_approximation (X, Y, params, layer_dims, opts, masks, caches, tensor_names)
  MAX_STACK_ELEMENTS = 2 ^ 17;
  epsilon = opts.grad_check_epsilon;
  L = numel (layer_dims) - 1;
  m = columns (X);
  slices = tensor_slices (layer_dims);
  P = slices.(sprintf ("db%d", L))(2);
  gradapprox = NaN (P, 1);
  kinked = false (P, 1);
  layer_norms = zeros (L, 1);   # ||W_l||_F^2 per layer
  for l = 1:L
    W = params.(sprintf ("W%d", l));
    layer_norms(l) = sum (W(:) .^ 2);
  endfor
  for l = 1:L
    check_W = any (strcmp (tensor_names, sprintf ("dW%d", l)));
    check_b = any (strcmp (tensor_names, sprintf ("db%d", l)));
    if (! (check_W || check_b))
      continue;
    endif
    W = params.(sprintf ("W%d", l));
    b = params.(sprintf ("b%d", l));
    [n, n_prev] = size (W);
    ## Components as (unit, input, value, flat index): W_l(unit, input), or b_l(unit) as input n_prev + 1.
    units = zeros (0, 1);
    inputs = zeros (0, 1);
    values = zeros (0, 1);
    indices = zeros (0, 1);
    if (check_W)   # column-major, the flat order: W(i, j) at slice start + (j - 1) n + i - 1
      units = [units; repmat((1:n)', n_prev, 1)];
      inputs = [inputs; reshape(repmat (1:n_prev, n, 1), [], 1)];
      values = [values; W(:)];
      indices = [indices; (slices.(sprintf ("dW%d", l))(1):slices.(sprintf ("dW%d", l))(2))'];
    endif
    if (check_b)
      units = [units; (1:n)'];
      inputs = [inputs; (n_prev + 1) * ones(n, 1)];
      values = [values; b];
      indices = [indices; (slices.(sprintf ("db%d", l))(1):slices.(sprintf ("db%d", l))(2))'];
    endif
    widest = max (layer_dims(min (l + 1, L) + 1:end));   # the stacks: Z_{l+1} .. Z_L (Z_L for l = L)
    chunk = max (1, floor (MAX_STACK_ELEMENTS / (2 * widest * m)));
    for first = 1:chunk:numel (units)
      c = (first:min (first + chunk - 1, numel (units)))';
      k = numel (c);
      both = [c; c];
      old = values(both);
      new = [values(c) + epsilon; values(c) - epsilon];
      deltas = new - old;
      [Z, kinked_row] = stacked_row_change (l, units(both), inputs(both), deltas, params, opts, masks, caches);
      [ZL, kinked_later] = stacked_forward_from_layer (l + 1, Z, params, opts, masks, caches);
      norms = layer_norms * ones (1, 2 * k);
      norms(l, :) = norms(l, :) + ((new .^ 2 - old .^ 2) .* (inputs(both) <= n_prev))';
      J = stacked_costs (ZL, Y, opts, norms);
      gradapprox(indices(c)) = (J(1:k) - J(k+1:end)) / (2 * epsilon);
      flipped = kinked_row | kinked_later;
      kinked(indices(c)) = flipped(1:k) | flipped(k+1:end);
    endfor
  endfor
endfunction

%!test
%! ## Every tensor of a 2-hidden-layer softmax net with dropout and L2 against the plain loop,
%! ## component by component; a tensor not asked for stays NaN.
%! randn ("state", 2); rand ("state", 2);
%! X = randn (3, 5); Y = [0 2 1 1 0];
%! dims = [3 4 3 3];
%! p = initialize_parameters (dims, "he", 1);
%! p.b1 = 0.1 * randn (4, 1); p.b2 = 0.1 * randn (3, 1);
%! masks = {double(rand (4, 5) < 0.8), double(rand (3, 5) < 0.8)};
%! opts = check_options ("t", struct ("output_activation", "softmax", "keep_prob", 0.8, "lambd", 0.3, "hidden_activation", "leaky_relu"));
%! [~, caches] = forward_propagation (X, p, opts.hidden_activation, "softmax", 0.8, masks);
%! [plain, plain_kinked] = plain_gradient_approximation (X, Y, p, dims, opts, masks, caches);
%! [full, kinked] = full_gradient_approximation (X, Y, p, dims, opts, masks, caches, fieldnames (tensor_slices (dims)));
%! assert (full, plain, 1e-9 + 1e-6 * abs (plain));
%! assert (kinked, plain_kinked);
%! [part, ~] = full_gradient_approximation (X, Y, p, dims, opts, masks, caches, {"db2", "dW3"});
%! s = tensor_slices (dims);
%! inside = false (size (part));
%! inside([s.db2(1):s.db2(2), s.dW3(1):s.dW3(2)]) = true;
%! assert (all (isnan (part(! inside))));
%! assert (part(inside), full(inside));
