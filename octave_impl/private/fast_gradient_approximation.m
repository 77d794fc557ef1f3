## [gradapprox, kinked, tensor_modes, directional] = fast_gradient_approximation (X, Y, params, layer_dims, options, masks, caches, grad, directions, noise)
##
## The gradient check's "fast" mode. Per tensor t (canonical order), its K directions D_t are
## the rows of DIRECTIONS (P x K of +-1) in t's slice: the analytic directional derivatives are
## g_t' d_k (GRAD the analytic P x 1 gradient); the numeric ones are two-sided differences over
## the 2K versions Z_l +- eps reshape(d_k) A_{l-1} (or Z_l +- eps d_k for a bias) that
## stacked_forward_from_layer and stacked_costs evaluate as column blocks (+ versions first;
## a direction changes a whole row block, so every example moves),
## in chunks of directions sized for MAX_STACK_ELEMENTS = 2^17 doubles per stacked matrix (at
## least one direction). directional_differences compares them. A tensor falls back to the
## per-component check (full_gradient_approximation, tensor_modes "full") when its worst
## directional difference exceeds 1e-5 (or is NaN) and its directional error ||a - b||
## exceeds its noise NOISE sqrt(K) (NOISE: finite_difference_noise's eta): a directional check
## within the noise floor is indeterminate, not failing. Otherwise its mode is "directional".
## GRADAPPROX (P x 1) and KINKED are full_gradient_approximation's for the fallen-back tensors
## (NaN / false elsewhere); TENSOR_MODES a struct dW1, db1, ... of "full" / "directional";
## DIRECTIONAL a struct of the same names, each with fields analytic, numeric (K x 1),
## difference (the worst directional difference) and error.

function [gradapprox, kinked, tensor_modes, directional] = fast_gradient_approximation (X, Y, params, layer_dims, options, masks, caches, grad, directions, noise)
  MAX_STACK_ELEMENTS = 2 ^ 17;
  FALLBACK_DIFFERENCE = 1e-5;
  epsilon = options.grad_check_epsilon;
  L = numel (layer_dims) - 1;
  m = columns (X);
  K = columns (directions);
  names = parameter_names (L);
  slices = tensor_slices (layer_dims);
  tensors = fieldnames (slices);
  layer_norms = weight_square_sums (params);
  tensor_modes = struct ();
  directional = struct ();
  failing = {};
  for t = 1:numel (tensors)
    name = tensors{t};
    l = ceil (t / 2);
    is_weight = mod (t, 2) == 1;
    span = slices.(name)(1):slices.(name)(2);
    D = directions(span, :);
    analytic = D' * grad(span);
    W = params.(names{2*l-1});
    [n, n_prev] = size (W);
    Z_l = caches{l}.Z;
    A_prev = caches{l}.linear_cache.A_prev;
    widest = max (layer_dims(l + 1:end));
    per_chunk = max (1, floor (MAX_STACK_ELEMENTS / (2 * widest * m)));
    numeric = zeros (K, 1);
    for first = 1:per_chunk:K
      ks = first:min (first + per_chunk - 1, K);
      k = numel (ks);
      steps = cell (1, k);
      norms = layer_norms * ones (1, 2 * k);
      for s = 1:k
        if (is_weight)
          step_W = epsilon * reshape (D(:, ks(s)), n, n_prev);
          steps{s} = step_W * A_prev;
          norms(l, s) = sum ((W(:) + step_W(:)) .^ 2);
          norms(l, k + s) = sum ((W(:) - step_W(:)) .^ 2);
        else
          steps{s} = repmat (epsilon * D(:, ks(s)), 1, m);
        endif
      endfor
      step = [steps{:}];
      blocks = cell (1, k);
      blocks(:) = {Z_l};
      Z = [blocks{:}];
      examples = repmat (1:m, 1, 2 * k);
      versions = reshape (repmat (1:2*k, m, 1), 1, []);
      ZL = stacked_forward_from_layer (l, [Z + step, Z - step], params, options, masks, caches, examples, versions, 2 * k);
      J = stacked_costs (cross_entropy_terms (ZL, Y(examples), options.output_activation), Y, options, norms, ...
                         examples, versions, []);
      numeric(ks) = (J(1:k) - J(k+1:end)) / (2 * epsilon);
    endfor
    differences = directional_differences (analytic, numeric);
    if (any (isnan (differences)))
      worst = NaN;   # Octave's max skips NaN; a NaN cost must fail the tensor, not vanish
    else
      worst = max (differences);
    endif
    directional_error = norm (analytic - numeric);
    directional.(name) = struct ("analytic", analytic, "numeric", numeric, "difference", worst, "error", directional_error);
    if (isnan (worst) || (worst > FALLBACK_DIFFERENCE && ! (directional_error <= noise * sqrt (K))))
      tensor_modes.(name) = "full";
      failing{end + 1} = name;
    else
      tensor_modes.(name) = "directional";
    endif
  endfor
  [gradapprox, kinked] = full_gradient_approximation (X, Y, params, layer_dims, options, masks, caches, failing);
endfunction

%!test
%! ## Numeric directional derivatives equal the two-sided difference of whole costs along each
%! ## direction, and the analytic ones are g' d; a correct gradient stays directional.
%! randn ("state", 4); rand ("state", 4);
%! X = randn (2, 6); Y = [0 1 1 0 1 1];
%! dims = [2 5 1];
%! p = initialize_parameters (dims, "xavier", 1);
%! o = check_options ("t", struct ("hidden_activation", "tanh", "lambd", 0.2));
%! [AL, caches] = forward_propagation (X, p, "tanh", "sigmoid", 1, {});
%! g = gradients_to_vector (backward_propagation (AL, Y, caches, "tanh", "sigmoid", 0.2, 1));
%! D = 2 * (rand (numel (g), 3) < 0.5) - 1;
%! eta = finite_difference_noise (AL, Y, caches, p, o);
%! [a, kinked, modes, dir] = fast_gradient_approximation (X, Y, p, dims, o, {}, caches, g, D, eta);
%! assert (all (isnan (a)) && ! any (kinked));
%! assert (struct2cell (modes)', repmat ({"directional"}, 1, 4));
%! s = tensor_slices (dims);
%! theta = parameters_to_vector (p);
%! for name = {"dW1", "db2"}
%!   r = s.(name{1})(1):s.(name{1})(2);
%!   assert (dir.(name{1}).analytic, D(r, :)' * g(r), 1e-15);
%!   for k = 1:3
%!     d = zeros (size (theta)); d(r) = D(r, k);
%!     expected = (cost_at (theta + 1e-7 * d, X, Y, dims, o, {}) - cost_at (theta - 1e-7 * d, X, Y, dims, o, {})) / 2e-7;
%!     assert (dir.(name{1}).numeric(k), expected, 1e-8);
%!   endfor
%!   assert (dir.(name{1}).difference < 1e-7);
%! endfor
%! ## The same gradient doubled in one tensor: that tensor falls back to the full check.
%! h = g; h(s.dW1(1):s.dW1(2)) *= 2;
%! [a, ~, modes, dir] = fast_gradient_approximation (X, Y, p, dims, o, {}, caches, h, D, eta);
%! assert (dir.dW1.difference, 1 / 3, 1e-6);
%! assert (modes.dW1, "full");
%! assert (modes.db1, "directional");
%! assert (! any (isnan (a(s.dW1(1):s.dW1(2)))));
%! assert (all (isnan (a(s.db1(1):end))));
