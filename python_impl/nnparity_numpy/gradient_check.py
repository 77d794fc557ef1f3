"""Gradient checking: backward_propagation against two-sided finite differences of the cost.

One algorithm in three languages (docs/CONTRACT.md, "Gradient check"); the helpers below have the
same names, in the same order, as in gradient_check.R and Octave's gradient_check.m.

`gradient_check` checks its arguments once; everything below it calls only unchecked twins and
layer functions.

Modes (options["grad_check_mode"]):
- "plain": the reference loop, two full forward passes per component of theta.
- "full":  the same approximation, cheaply: perturbing W_l[i, j] or b_l[i] changes only row i of
           Z_l, so Z_{l+1} moves by the rank-one term W_{l+1}[:, i] * dA_l[i, :]; only the later
           layers are recomputed, for many perturbations at once, through the same layer and cost
           functions as a normal pass. Moved examples only: an example whose changed entry of A_l
           equals the unperturbed one exactly (a relu unit inactive at both +-eps, a dropped unit,
           a zero input) keeps its unperturbed loss, so only the (version, example) columns that
           move are stacked and run through the later layers (a ragged stack; `versions` and
           `examples` say whose each column is). Each version's cost sums the same m losses as a
           plain pass would (the unperturbed ones where nothing moved), so the quotients agree
           with "plain" to rounding (a perturbed logit is a rank-one update, not a fresh product).
           Softmax output, layers L-1 and L: a moved column's logits move by the rank-one term
           w * d (w = W_L[:, i] for a unit i of layer L-1 moved by d, the unit vector e_i for a
           logit i), so its loss change is the series of `loss_expansion`,
           log1p(d * (P1 + d * (P2 + d * P3))) - d * w[y], one log1p per column instead of n_L
           exps; where |d| * max|w| > REACH = 1e-4 or the loss is not finite, the column goes
           through the stack as above (`expanded_losses` says which fit, `moved_stack` builds the
           others). Sigmoid outputs and earlier layers always use the stack.
- "fast":  per tensor, K directions of +-1; a tensor whose directional derivatives disagree with
           the finite differences beyond both 1e-5 and the noise floor gets the per-component check
           so its faulty elements are named. A direction moves every example: plain column blocks.

Noise floor: a quotient (J+ - J-) / (2 eps) carries rounding noise ~ u * |J terms| / eps; a
difference above 1e-5 whose error ||g - approx|| is within that noise is "indeterminate", not a bug.

Kinks: with relu / leaky_relu hidden layers, a component whose +-eps perturbation flips the sign
(z > 0 versus z <= 0) of any hidden pre-activation is not differentiable there; it is reported
in `kink_indices` and left out of `difference`, `error` and the per-tensor values
(`difference_all` keeps it). Only a moved example can flip a later layer's sign (an unmoved one
leaves every later Z as it was), so the ragged stack finds every kink the plain loop finds.
"""

import numpy as np

from .backward import backward_propagation_unchecked, output_backward_unchecked
from .cost import compute_cost_unchecked, cross_entropy_terms, l2_regularization_cost, weight_square_sums
from .forward import (activation_forward_unchecked, dropout_forward_unchecked, forward_propagation_unchecked,
                      linear_forward_unchecked, softmax_forward_unchecked)
from .validate import check_data, check_directions, check_masks, check_matrix, check_options, check_params
from .vectorize import gradients_to_vector, parameters_to_vector, vector_to_parameters

PASSING_EDGE = 1e-5  # SPEC band edge: at or below, a check passes
KINKED_ACTIVATIONS = ("relu", "leaky_relu")
UNIT_ROUNDOFF = 2.0 ** -52
# Largest stack of perturbed versions (elements per matrix) held at once (1 MB): small enough for
# the passes over it to stay in cache.
MAX_STACK_ELEMENTS = 2 ** 17


def gradient_check(X, Y, params, options, masks, directions=None):
    """Compare the analytic gradient with (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps).

    `directions` (P, K) of +-1, one direction over the flat vector per column, is used by "fast"
    mode; None or empty draws them from np.random.default_rng(options["seed"]).
    Returns a dict: difference, difference_all, error, noise, verdict, tensor_differences,
    tensor_errors, tensor_noise, tensor_modes (dW1, db1, ...), grad (P, 1), gradapprox (P, 1; NaN
    for tensors checked only directionally), kink_indices (P_k, 1, 0-based), n_kinks, mode.
    """
    function = "gradient_check"
    options = check_options(function, options)
    X = check_matrix(function, "X", X, True)
    layer_dims = check_params(function, params, X.shape[0], options["output_activation"])
    X, Y = check_data(function, X, Y, options["output_activation"], layer_dims[-1])
    masks = check_masks(function, masks, layer_dims, X.shape[1], options["keep_prob"])
    tensors = tensor_slices(layer_dims)
    mode = options["grad_check_mode"]
    if mode == "fast":  # only fast mode uses (and so checks) the directions
        n_params = tensors[f"db{len(layer_dims) - 1}"][1]
        if directions is None or np.size(directions) == 0:
            rng = np.random.default_rng(options["seed"])
            directions = rng.integers(0, 2, size=(n_params, options["grad_check_directions"])) * 2.0 - 1.0
        directions = check_directions(function, directions, n_params)

    AL, caches = forward_propagation_unchecked(X, params, options["hidden_activation"], options["output_activation"],
                                               options["keep_prob"], masks)
    grads = backward_propagation_unchecked(AL, Y, caches, options["hidden_activation"], options["output_activation"],
                                           options["lambd"], options["keep_prob"])
    grad = gradients_to_vector(grads)
    noise = finite_difference_noise(AL, Y, caches, params, options)
    directional = {}
    if mode == "plain":
        gradapprox, kinked = plain_gradient_approximation(X, Y, params, layer_dims, options, masks, caches)
        tensor_modes = {name: "full" for name in tensors}
    elif mode == "full":
        gradapprox, kinked = full_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, list(tensors))
        tensor_modes = {name: "full" for name in tensors}
    else:
        gradapprox, kinked, tensor_modes, directional = fast_gradient_approximation(
            X, Y, params, layer_dims, options, masks, caches, grad, directions, noise)
    return summarise_check(grad, gradapprox, kinked, tensors, tensor_modes, directional, noise)


def tensor_slices(layer_dims):
    """Where each gradient tensor lives in the flat vector: name -> (start, end), 0-based half-open."""
    slices = {}
    start = 0
    for layer in range(1, len(layer_dims)):
        n_weights = layer_dims[layer] * layer_dims[layer - 1]
        slices[f"dW{layer}"] = (start, start + n_weights)
        slices[f"db{layer}"] = (start + n_weights, start + n_weights + layer_dims[layer])
        start += n_weights + layer_dims[layer]
    return slices


def finite_difference_noise(AL, Y, caches, params, options):
    """eta, the rounding noise of one quotient (J+ - J-) / (2 eps): u * sqrt(m) * cost_magnitude / eps.

    cost_magnitude adds up the magnitudes of everything J is summed from: the per-example losses,
    the terms summed into each logit (|W_L| |A_{L-1}| + |b_L|) weighted by the cost's sensitivity
    |dZL| / m to that logit, and the L2 term. n quotients have noise norm eta * sqrt(n).
    """
    ZL = caches[-1]["Z"]
    A_prev, W, b = caches[-1]["linear_cache"]
    m = ZL.shape[1]
    dZL = output_backward_unchecked(AL, Y, options["output_activation"])
    losses = (1 / m) * np.sum(cross_entropy_terms(ZL, Y, options["output_activation"]))
    logit_terms = (1 / m) * np.sum(np.abs(dZL) * (np.abs(W) @ np.abs(A_prev) + np.abs(b)))
    cost_magnitude = losses + logit_terms + l2_regularization_cost(weight_square_sums(params), options["lambd"], m)
    eta = float(UNIT_ROUNDOFF * np.sqrt(m) * cost_magnitude / options["grad_check_epsilon"])
    return eta


def cost_at(theta, X, Y, layer_dims, options, masks):
    """J(theta) with the fixed masks, plus the caches (for kink detection)."""
    params = vector_to_parameters(theta, layer_dims)
    _, caches = forward_propagation_unchecked(X, params, options["hidden_activation"], options["output_activation"],
                                              options["keep_prob"], masks)
    cost = compute_cost_unchecked(caches[-1]["Z"], Y, options["output_activation"], params, options["lambd"])
    return cost, caches


def plain_gradient_approximation(X, Y, params, layer_dims, options, masks, caches):
    """The reference: two full forward passes per component of theta. A component is kinked when
    either pass puts a hidden pre-activation on the other side of 0 (z > 0 versus z <= 0)."""
    epsilon = options["grad_check_epsilon"]
    watch_kinks = options["hidden_activation"] in KINKED_ACTIVATIONS
    theta = parameters_to_vector(params)
    gradapprox = np.zeros(theta.shape)
    kinked = np.zeros(theta.shape[0], dtype=bool)
    for index in range(theta.shape[0]):
        theta_plus = theta.copy()
        theta_plus[index, 0] = theta_plus[index, 0] + epsilon
        J_plus, caches_plus = cost_at(theta_plus, X, Y, layer_dims, options, masks)
        theta_minus = theta.copy()
        theta_minus[index, 0] = theta_minus[index, 0] - epsilon
        J_minus, caches_minus = cost_at(theta_minus, X, Y, layer_dims, options, masks)
        gradapprox[index, 0] = (J_plus - J_minus) / (2 * epsilon)
        if watch_kinks:
            kinked[index] = any(np.any((changed["Z"] > 0) != (reference["Z"] > 0))
                                for perturbed in (caches_plus, caches_minus)
                                for changed, reference in zip(perturbed[:-1], caches[:-1]))
    return gradapprox, kinked


def full_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, tensor_names):
    """The plain approximation for the components of `tensor_names`, many rank-one changes at once,
    each running only the examples it moves through the later layers.

    Entries of other tensors are NaN. The step actually applied is fl(theta_i +- eps) - theta_i
    (what the plain loop's theta really moves by), while the quotient divides by 2 eps (as the
    plain loop does). Per chunk, stacked_row_change gives the moved entries; with a softmax output
    and layer >= L-1, expanded_losses gives the losses of the columns its series fits (the chunk
    then sized as if the stack were one row high: no n_L-row stack is built for them), and
    moved_stack + stacked_forward_from_layer + cross_entropy_terms those of the others.
    """
    epsilon = options["grad_check_epsilon"]
    m = X.shape[1]
    n_layers = len(layer_dims) - 1
    slices = tensor_slices(layer_dims)
    gradapprox = np.full((slices[f"db{n_layers}"][1], 1), np.nan)
    kinked = np.zeros(gradapprox.shape[0], dtype=bool)
    squared_norms = np.array(weight_square_sums(params))
    reference_losses = cross_entropy_terms(caches[-1]["Z"], Y, options["output_activation"])
    for layer in range(1, n_layers + 1):
        check_W, check_b = f"dW{layer}" in tensor_names, f"db{layer}" in tensor_names
        if not (check_W or check_b):
            continue
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        n_units, n_prev = W.shape
        # Component (rows[c], columns[c]) of W_l, or rows[c] of b_l where columns[c] is n_prev.
        rows, columns, values, indices = [], [], [], []
        if check_W:  # column-major, the flat order: W[i, j] at slices start + j * n_units + i
            rows.append(np.tile(np.arange(n_units), n_prev))
            columns.append(np.repeat(np.arange(n_prev), n_units))
            values.append(W.ravel(order="F"))
            indices.append(slices[f"dW{layer}"][0] + np.arange(n_units * n_prev))
        if check_b:
            rows.append(np.arange(n_units))
            columns.append(np.full(n_units, n_prev))
            values.append(b[:, 0])
            indices.append(slices[f"db{layer}"][0] + np.arange(n_units))
        rows, columns, values, indices = (np.concatenate(part) for part in (rows, columns, values, indices))
        # Chunks of components sized for the stack: the 2k changed rows (2k, m), and the ragged
        # stack of the widest later layer. A component (i, j) moves at most the examples where its
        # input A_{l-1}[j, :] (1 for a bias) is non-zero and unit i can change: kept by dropout and,
        # for relu, not so far below 0 that no step reaches 0 (so the bound is a matrix product).
        A_prev, Z_l = caches[layer - 1]["linear_cache"][0], caches[layer - 1]["Z"]
        inputs_used = np.vstack([A_prev != 0, np.ones((1, m), dtype=bool)]).astype(np.float64)
        if layer < n_layers:
            units_moving = np.ones(Z_l.shape, dtype=bool)
            if options["keep_prob"] < 1:
                units_moving &= masks[layer - 1] != 0
            if options["hidden_activation"] == "relu":
                largest_step = max(np.max(np.abs((values + epsilon) - values)),
                                   np.max(np.abs((values - epsilon) - values)))
                units_moving &= Z_l > -2 * largest_step * max(1.0, np.max(np.abs(A_prev)))
            most_moved = (units_moving.astype(np.float64) @ inputs_used.T)[rows, columns]
        else:
            most_moved = np.sum(inputs_used, axis=1)[columns]
        stack_ends = np.cumsum(2 * most_moved)
        # A change that reaches softmax logits as a rank-one term (a unit of layer L-1, or a logit)
        # has the series of loss_expansion: one log1p per moved column instead of n_L exps.
        expansion = None
        if options["output_activation"] == "softmax" and layer >= n_layers - 1:
            expansion = loss_expansion(np.eye(layer_dims[-1]) if layer == n_layers else params[f"W{n_layers}"],
                                       caches[-1]["Z"], Y)
        # The stacks: Z_{l+1} .. Z_L (Z_L for l = L); with the series, rows of losses (one per column).
        widest = 1 if expansion is not None else max(layer_dims[min(layer + 1, n_layers):])
        stack_columns = max(1, MAX_STACK_ELEMENTS // widest)
        most_components = max(1, MAX_STACK_ELEMENTS // (2 * m))
        # A chunk keeps to one input (one column j of W_l, or the bias), so that its examples with
        # input 0 are left out once for all its versions.
        input_ends = np.append(np.flatnonzero(np.diff(columns)) + 1, columns.shape[0])
        start = 0
        while start < rows.shape[0]:
            fitting = int(np.searchsorted(stack_ends, (stack_ends[start - 1] if start else 0) + stack_columns, "right"))
            same_input = int(input_ends[np.searchsorted(input_ends, start, "right")])
            end = min(max(fitting, start + 1), start + most_components, same_input)
            part = slice(start, end)
            k = end - start
            # Versions 0..k-1 are the +eps changes of this part, versions k..2k-1 the -eps ones.
            old_values = np.concatenate([values[part], values[part]])
            new_values = np.concatenate([values[part] + epsilon, values[part] - epsilon])
            both_rows, both_columns = (np.concatenate([index[part], index[part]]) for index in (rows, columns))
            moves, crossed = stacked_row_change(layer, both_rows, both_columns, new_values - old_values,
                                                params, options, masks, caches)
            # The columns the series gives exactly; the others run through the stack.
            if expansion is None:
                stacked = moves
            else:
                losses, fits = expanded_losses(expansion, moves["units"], moves["examples"],
                                               moves["new"] - moves["old"], reference_losses)
                stacked = {key: row[~fits] for key, row in moves.items()}
            Z = moved_stack(layer, stacked, params, caches)
            ZL, crossed_later = stacked_forward_from_layer(layer + 1, Z, params, options, masks, caches,
                                                           stacked["examples"])
            crossed[stacked["versions"][crossed_later]] = True
            stacked_losses = cross_entropy_terms(ZL, Y[:, stacked["examples"]], options["output_activation"])
            if expansion is None:
                losses = stacked_losses[0]
            else:
                losses[~fits] = stacked_losses[0]
            version_norms = np.repeat(squared_norms[:, None], 2 * k, axis=1)
            version_norms[layer - 1] += np.where(both_columns < n_prev, new_values ** 2 - old_values ** 2, 0.0)
            costs = stacked_costs(losses, Y, options, version_norms, moves["versions"], moves["examples"],
                                  reference_losses)
            with np.errstate(invalid="ignore"):  # Inf - Inf costs give NaN, a result like any other
                gradapprox[indices[part], 0] = (costs[:k] - costs[k:]) / (2 * epsilon)
            kinked[indices[part]] = crossed[:k] | crossed[k:]
            start = end
    return gradapprox, kinked


def fast_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, grad, directions, noise):
    """Directional checks per tensor; the per-component check only for tensors that fail them.

    Tensor t uses the rows of `directions` in its slice: analytic g_t' d_k against the quotient of
    the 2K versions Z_l +- eps * reshape(d_k) A_{l-1} (or Z_l +- eps * d_k for a bias). A tensor
    falls back to "full" when its worst directional difference exceeds 1e-5 (or is NaN) and its
    error ||a - b|| is not within the noise eta * sqrt(K).
    """
    epsilon = options["grad_check_epsilon"]
    n_directions = directions.shape[1]
    slices = tensor_slices(layer_dims)
    m = X.shape[1]
    squared_norms = np.array(weight_square_sums(params))
    reference_losses = cross_entropy_terms(caches[-1]["Z"], Y, options["output_activation"])
    tensor_modes, directional, failing = {}, {}, []
    for name, (start, end) in slices.items():
        layer, is_weight = int(name[2:]), name.startswith("dW")
        W = params[f"W{layer}"]
        A_prev, Z = caches[layer - 1]["linear_cache"][0], caches[layer - 1]["Z"]
        tensor_directions = directions[start:end]
        analytic = grad[start:end, 0] @ tensor_directions
        numeric = np.empty(n_directions)
        chunk = max(1, MAX_STACK_ELEMENTS // (2 * max(layer_dims[layer:]) * m))
        for first in range(0, n_directions, chunk):
            chosen = tensor_directions[:, first:first + chunk]
            k = chosen.shape[1]
            version_norms = np.repeat(squared_norms[:, None], 2 * k, axis=1)
            # Only Z_l moves: by eps * D A_prev (a weight direction D) or eps * d (a bias direction d).
            if is_weight:
                D = [chosen[:, j].reshape(W.shape, order="F") for j in range(k)]
                steps = [epsilon * (d @ A_prev) for d in D]
                version_norms[layer - 1] = [np.sum(np.square(W + sign * epsilon * d)) for sign in (1, -1) for d in D]
            else:
                steps = [epsilon * chosen[:, [j]] for j in range(k)]
            # Versions 0..k-1: +eps along each direction; versions k..2k-1: -eps. Every example
            # moves: column blocks, version v in columns v*m .. v*m+m-1.
            stack = np.hstack([Z + step for step in steps] + [Z - step for step in steps])
            versions, examples = np.repeat(np.arange(2 * k), m), np.tile(np.arange(m), 2 * k)
            ZL, _ = stacked_forward_from_layer(layer, stack, params, options, masks, caches, examples)
            losses = cross_entropy_terms(ZL, Y[:, examples], options["output_activation"])[0]
            costs = stacked_costs(losses, Y, options, version_norms, versions, examples, reference_losses)
            with np.errstate(invalid="ignore"):  # Inf - Inf is NaN: a result, and it fails the tensor
                numeric[first:first + k] = (costs[:k] - costs[k:]) / (2 * epsilon)
        worst = float(np.max(directional_differences(analytic, numeric)))
        error = float(np.linalg.norm(analytic - numeric))
        directional[name] = {"analytic": analytic, "numeric": numeric}
        # Within the noise floor the directions cannot tell, so rounding alone never triggers the
        # per-component check; NaN passes neither test.
        passing = worst <= PASSING_EDGE or error <= noise * np.sqrt(n_directions)
        tensor_modes[name] = "directional" if passing else "full"
        if not passing:
            failing.append(name)
    gradapprox, kinked = full_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, failing)
    return gradapprox, kinked, tensor_modes, directional


def loss_expansion(W, ZL, Y):
    """The softmax losses of the output logits ZL (n_L, m) moved by a rank-one change, as a series.

    Column c of ZL moved by W[:, i] * d (W (n_L, n): the output layer's weights when a hidden unit i
    of layer L-1 changes by d; np.eye(n_L) when logit i itself changes by d) has, with p the
    softmax probabilities of column c and w = W[:, i],
      loss(z + w d) - loss(z) = log1p(d (P1 + d (P2 + d P3))) - d w[y_c] + R,
      P1 = sum_k p_k w_k, P2 = sum_k p_k w_k^2 / 2, P3 = sum_k p_k w_k^3 / 6,
    the exact log(sum_k p_k exp(w_k d)) - d w[y_c] with each exp(x) cut after x^3 / 6; the
    remainder |R| <= x^4 / 24 (x = d max_k |w_k|, at most REACH: |R| <= 4.2e-18). That is one log1p
    per moved column instead of n_L exps: "full" mode (expanded_losses) uses it wherever
    |d| max_k |w_k| <= REACH, and the stacked logits elsewhere.
    Returns a dict: P1, P2, P3 and label_weights (n, m; label_weights[i, c] = W[y_c, i]), reach
    (n,; max_k |W[k, i]|) and REACH = 1e-4; terms (n * m, 4) holds the first four side by side (row
    i * m + c: P1, P2, P3, label_weights of unit i and example c; P1 .. label_weights are views of
    it), so that expanded_losses gathers a column's four numbers with one take. A non-finite logit
    column gives NaN entries (its losses then come from the stacked logits).
    """
    n, m = W.shape[1], ZL.shape[1]
    terms = np.empty((n, m, 4))
    with np.errstate(invalid="ignore", over="ignore"):  # an infinite logit: NaN probabilities
        p = softmax_forward_unchecked(ZL)  # the unperturbed pass's AL
        terms[:, :, 0] = W.T @ p
        terms[:, :, 1] = np.square(W).T @ p / 2
        terms[:, :, 2] = (W ** 3).T @ p / 6
    terms[:, :, 3] = W[Y[0].astype(np.int64)].T
    expansion = {"P1": terms[:, :, 0], "P2": terms[:, :, 1], "P3": terms[:, :, 2], "label_weights": terms[:, :, 3],
                 "reach": np.max(np.abs(W), axis=0), "REACH": 1e-4, "terms": terms.reshape(n * m, 4)}
    return expansion


def expanded_losses(expansion, units, examples, steps, reference_losses):
    """The losses of moved columns from the series of loss_expansion, and which of them it fits.

    Column c is example examples[c] whose unit units[c] (of layer L-1, or the logit itself) moved
    by steps[c] = d: loss = reference_losses[0, e] + (log1p(d (P1 + d (P2 + d P3))) - d label_weights),
    one log1p per column instead of n_L exps. Returns (losses, fits), 1-D: fits marks the columns
    where the series is exact to rounding (|d| reach[i] <= REACH and a finite loss); losses
    elsewhere are not used: the caller takes them from the stacked logits.
    """
    d = steps
    # Each column's P1, P2, P3, label_weights: one row of expansion["terms"] (one take, not four).
    P1, P2, P3, label_weights = np.take(expansion["terms"], units * expansion["P1"].shape[1] + examples, axis=0).T
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # NaN / Inf: they do not fit
        series = d * (P1 + d * (P2 + d * P3))
        losses = np.take(reference_losses, examples) + (np.log1p(series) - d * label_weights)
        fits = (np.abs(d) * np.take(expansion["reach"], units) <= expansion["REACH"]) & np.isfinite(losses)
    return losses, fits


def stacked_row_change(layer, rows, columns, steps, params, options, masks, caches):
    """V versions of one layer-l change, keeping only the examples each one moves.

    Version v moves W_l[rows[v], columns[v]] (or b_l[rows[v]] where columns[v] is n_{l-1}) by
    steps[v], which changes only row rows[v] of Z_l. l = L: the moved examples are those whose
    logit changed; l < L: the changed rows go through the activation and mask, and an example whose
    changed entry of A_l equals the unperturbed one exactly (a relu unit inactive at both sides, a
    dropped unit) does not move (a NaN change moves).
    Returns (moves, crossed). moves, one entry per moved (version, example), version by version,
    examples in order: a dict of 1-D arrays examples, versions, units (rows[versions]), and old,
    new: the moved entry of A_l (l < L) or of Z_L (l = L) before and after the change. moved_stack
    turns them into a stack of Z_{l+1} (or Z_L) columns, expanded_losses into losses directly.
    crossed: which versions put that hidden row on the other side of 0 (V booleans).
    """
    n_layers = len(caches)
    A_prev, Z_l = caches[layer - 1]["linear_cache"][0], caches[layer - 1]["Z"]
    n_versions, (n_prev, m) = rows.shape[0], A_prev.shape
    # Only the examples where some version's input is non-zero can move (a bias's input is 1): the
    # changed rows are computed on those candidates only.
    used = np.unique(columns)
    candidates = np.arange(m) if used[-1] == n_prev else np.flatnonzero(np.any(A_prev[used] != 0, axis=0))
    n_candidates = candidates.shape[0]
    inputs = np.take(A_prev[np.minimum(columns, n_prev - 1)], candidates, axis=1)  # what steps[v] multiplies
    inputs[columns == n_prev] = 1.0
    Z_old = np.take(Z_l[rows], candidates, axis=1)
    Z_rows = Z_old + steps[:, None] * inputs
    if layer == n_layers:
        moved = np.flatnonzero(Z_rows != Z_old)  # (NaN != NaN: a NaN moves)
        versions, positions = np.divmod(moved, n_candidates)
        moves = {"examples": candidates[positions], "versions": versions, "units": rows[versions],
                 "old": Z_old.ravel()[moved], "new": Z_rows.ravel()[moved]}
        return moves, np.zeros(n_versions, dtype=bool)
    crossed = np.zeros(n_versions, dtype=bool)
    if options["hidden_activation"] in KINKED_ACTIVATIONS:
        crossed = np.any((Z_rows > 0) != (Z_old > 0), axis=1)
    A_rows = activation_forward_unchecked(Z_rows, options["hidden_activation"])
    if options["keep_prob"] < 1:
        A_rows = dropout_forward_unchecked(A_rows, np.take(masks[layer - 1][rows], candidates, axis=1), options["keep_prob"])
    A_old = np.take(caches[layer]["linear_cache"][0][rows], candidates, axis=1)
    moved = np.flatnonzero(A_rows - A_old)  # the moved (version, candidate) pairs, version by version (a NaN moves)
    versions, positions = np.divmod(moved, n_candidates)
    moves = {"examples": candidates[positions], "versions": versions, "units": rows[versions],
             "old": A_old.ravel()[moved], "new": A_rows.ravel()[moved]}
    return moves, crossed


def moved_stack(layer, moves, params, caches):
    """The ragged stack of "full" mode from the moves of stacked_row_change at layer l: one column
    per moved (version, example), in the order of moves.

    l = L: that example's column of Z_L with row units[c] set to its changed logit new[c];
    l < L: that example's column of Z_{l+1} plus the rank-one term W_{l+1}[:, i] * dA, i = units[c],
    dA = new[c] - old[c] (the change of A_l[i, example]). caches are the unperturbed pass's.
    """
    examples = moves["examples"]
    if layer == len(caches):
        Z = np.take(caches[-1]["Z"], examples, axis=1)  # (np.take keeps the stack C-ordered, as [:, examples] does not)
        Z[moves["units"], np.arange(examples.shape[0])] = moves["new"]
        return Z
    # Z_{l+1} + W_{l+1}[:, i] * dA per moved column, written in place (no temporaries of the stack).
    Z = np.take(params[f"W{layer + 1}"], moves["units"], axis=1)
    Z *= moves["new"] - moves["old"]
    Z += np.take(caches[layer]["Z"], examples, axis=1)
    return Z


def stacked_forward_from_layer(layer, Z, params, options, masks, caches, examples):
    """ZL (n_L, C) from a stack of C columns of Z_layer, column c a version of example
    examples[c], through hidden layers layer .. L-1 (Z itself when layer >= L); plus which columns
    put a hidden pre-activation on the other side of 0 (C booleans)."""
    n_layers = len(caches)
    hidden, keep_prob = options["hidden_activation"], options["keep_prob"]
    crossed = np.zeros(Z.shape[1], dtype=bool)
    for current in range(layer, n_layers):
        if hidden in KINKED_ACTIVATIONS:
            crossed |= np.any((Z > 0) != (np.take(caches[current - 1]["Z"], examples, axis=1) > 0), axis=0)
        A = activation_forward_unchecked(Z, hidden)
        if keep_prob < 1:
            A = dropout_forward_unchecked(A, np.take(masks[current - 1], examples, axis=1), keep_prob)
        Z, _ = linear_forward_unchecked(A, params[f"W{current + 1}"], params[f"b{current + 1}"])
    return Z, crossed


def stacked_costs(losses, Y, options, squared_norms, versions, examples, reference_losses):
    """compute_cost for each of the V versions of a stack whose column c is version versions[c] of
    example examples[c], from the losses (C,) of its columns (cross_entropy_terms of the stacked
    logits, or expanded_losses); squared_norms (L, V) lists each version's
    ||W_l||_F^2. Y gives m.

    A version's losses are the unperturbed ones, reference_losses (1, m), except for its columns:
    J = (1/m) sum_i l_i + L2 = J_ref + (1/m) sum_moved (l_c - l_ref,c) + dL2, summed over all m
    examples as compute_cost sums them, so J rounds as the plain loop's J does.
    """
    m = Y.shape[1]
    n_versions = squared_norms.shape[1]
    version_losses = np.repeat(reference_losses, n_versions, axis=0)
    version_losses[versions, examples] = np.ravel(losses)
    costs = (1 / m) * np.sum(version_losses, axis=1) + l2_regularization_cost(squared_norms, options["lambd"], m)
    return costs


def directional_differences(analytic, numeric):
    """|a - b| / (|a| + |b|) per direction, 0 when both are 0 (NaN stays NaN)."""
    scale = np.abs(analytic) + np.abs(numeric)
    with np.errstate(invalid="ignore", divide="ignore"):
        differences = np.where(scale == 0, 0.0, np.abs(analytic - numeric) / scale)
    return differences


def gradient_difference(grad, gradapprox):
    """||grad - gradapprox|| / (||grad|| + ||gradapprox||), 0 when both norms are 0."""
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return 0.0 if denominator == 0 else float(numerator / denominator)


def gradient_verdict(difference, error, noise):
    """The SPEC.md bands; above the passing edge, "indeterminate" when the error ||g - approx|| is
    within the noise floor of the finite differences (they cannot tell then). NaN is a bug."""
    if difference <= 1e-7:
        return "correct"
    if difference <= PASSING_EDGE:
        return "passes"
    if np.isnan(difference):
        return "bug"
    if error <= noise:
        return "indeterminate"
    if difference <= 1e-3:
        return "suspicious"
    return "bug"


def summarise_check(grad, gradapprox, kinked, slices, tensor_modes, directional, noise):
    """The record of gradient_check, over the compared pairs: components checked per component
    (kinked ones only in difference_all) and the K (analytic, numeric) pairs of directional tensors."""
    kept = ~kinked
    tensor_differences, tensor_errors, tensor_noise = {}, {}, {}
    compared, compared_all = [], []  # (analytic, numeric) pairs
    for name, (start, end) in slices.items():
        if tensor_modes[name] == "directional":
            pair = (directional[name]["analytic"], directional[name]["numeric"])
            tensor_differences[name] = float(np.max(directional_differences(*pair)))
            compared_all.append(pair)
        else:
            inside = kept[start:end]
            pair = (grad[start:end, 0][inside], gradapprox[start:end, 0][inside])
            tensor_differences[name] = gradient_difference(*pair)
            compared_all.append((grad[start:end, 0], gradapprox[start:end, 0]))
        compared.append(pair)
        tensor_errors[name] = float(np.linalg.norm(pair[0] - pair[1]))
        tensor_noise[name] = float(noise * np.sqrt(pair[0].shape[0]))
    analytic, numeric = (np.concatenate(side) for side in zip(*compared))
    difference = gradient_difference(analytic, numeric)
    error = float(np.linalg.norm(analytic - numeric))
    total_noise = float(noise * np.sqrt(analytic.shape[0]))
    difference_all = gradient_difference(*(np.concatenate(side) for side in zip(*compared_all)))
    kink_indices = np.flatnonzero(kinked).reshape(-1, 1)
    record = {
        "difference": difference,
        "difference_all": difference_all,
        "error": error,
        "noise": total_noise,
        "verdict": gradient_verdict(difference, error, total_noise),
        "tensor_differences": tensor_differences,
        "tensor_errors": tensor_errors,
        "tensor_noise": tensor_noise,
        "tensor_modes": tensor_modes,
        "grad": grad,
        "gradapprox": gradapprox,
        "kink_indices": kink_indices,
        "n_kinks": int(kink_indices.shape[0]),
    }
    return record
