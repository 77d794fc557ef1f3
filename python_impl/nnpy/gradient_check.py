"""Gradient checking: backward_propagation against two-sided finite differences of the cost.

Three modes (options["grad_check_mode"]):
- "plain": the reference loop, two full forward passes per component of theta.
- "full":  the same approximation, cheaply: perturbing W_l[i, j] or b_l[i] changes only row i of
           Z_l, so only row i of A_l changes and Z_{l+1} moves by the rank-one term
           W_{l+1}[:, i] * dA_l[i, :]; only the layers after that are recomputed, for a stack of
           many perturbations at once, through the same layer and cost functions as a normal
           pass. The costs can differ from plain ones in their last bits (rank-one update versus
           a fresh product), so the quotients agree to a few ulps of J / (2 eps).
- "fast":  per tensor, K random +-1 directions; a tensor whose directional derivative disagrees
           with the finite difference by more than FAST_TENSOR_TOLERANCE gets the per-component
           ("full") check so its faulty elements are named.

Kinks: with relu / leaky_relu hidden layers, a component whose +-eps perturbation flips the sign
(z > 0 versus z <= 0) of any hidden pre-activation is not differentiable there; it is reported
in `kink_indices` and left out of `difference` and `tensor_differences` (`difference_all` keeps it).
"""

import numpy as np

from .backward import backward_propagation
from .cost import compute_cost, cross_entropy_cost, l2_regularization_cost
from .forward import activation_forward, dropout_forward, forward_propagation, linear_forward, softmax_forward
from .validate import check_data, check_masks, check_matrix, check_options, check_params
from .vectorize import parameters_to_vector, vector_to_parameters

FAST_TENSOR_TOLERANCE = 1e-5
KINKED_ACTIVATIONS = ("relu", "leaky_relu")
# Largest stack of perturbed activations (elements) the "full" mode holds at once (1 MB): small
# enough for the passes over it to stay in cache.
MAX_STACK_ELEMENTS = 2 ** 17


def gradient_check(X, Y, params, options, masks):
    """Compare the analytic gradient with (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps).

    Returns a dict: difference, tensor_differences (dW1, db1, ...), grad (P, 1), gradapprox (P, 1),
    difference_all, kink_indices (P_k, 1, 0-based), n_kinks, tensor_modes, mode, verdict.
    In "fast" mode the entries of tensors checked only directionally are NaN in gradapprox, their
    tensor difference is the worst directional relative difference |a - b| / (|a| + |b|), and
    `difference` applies the norm formula to every compared pair: the components of tensors
    checked per component and the K (analytic, numeric) directional derivatives of the others.
    """
    function = "gradient_check"
    options = check_options(options, function)
    X = check_matrix(X, function, "X", finite=True)
    layer_dims = check_params(params, X.shape[0], options["output_activation"], function)
    X, Y = check_data(X, Y, options["output_activation"], layer_dims[-1], function)
    masks = check_masks(masks, layer_dims, X.shape[1], options["keep_prob"], function)

    AL, caches = forward_propagation(X, params, options["hidden_activation"], options["output_activation"],
                                     options["keep_prob"], masks)
    grads = backward_propagation(AL, Y, caches, options["hidden_activation"], options["output_activation"],
                                 options["lambd"], options["keep_prob"])
    grad = parameters_to_vector({name[1:]: value for name, value in grads.items()})
    tensors = tensor_slices(layer_dims)
    mode = options["grad_check_mode"]
    if mode == "plain":
        gradapprox, kinked = plain_gradient_approximation(X, Y, params, layer_dims, options, masks, caches)
        tensor_modes = {name: "full" for name in tensors}
        directional = {}
    elif mode == "full":
        gradapprox, kinked = full_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, list(tensors))
        tensor_modes = {name: "full" for name in tensors}
        directional = {}
    else:
        gradapprox, kinked, tensor_modes, directional = fast_gradient_approximation(
            X, Y, params, layer_dims, options, masks, caches, grad)
    return summarise_check(grad, gradapprox, kinked, tensors, tensor_modes, directional, mode)


def tensor_slices(layer_dims):
    """Where each gradient tensor lives in the flat vector: name -> (start, end)."""
    slices = {}
    start = 0
    for layer in range(1, len(layer_dims)):
        n_weights = layer_dims[layer] * layer_dims[layer - 1]
        slices[f"dW{layer}"] = (start, start + n_weights)
        slices[f"db{layer}"] = (start + n_weights, start + n_weights + layer_dims[layer])
        start += n_weights + layer_dims[layer]
    return slices


def relative_difference(grad, approx):
    """||grad - approx|| / (||grad|| + ||approx||), 0 when both norms are 0."""
    numerator = np.linalg.norm(grad - approx)
    denominator = np.linalg.norm(grad) + np.linalg.norm(approx)
    return 0.0 if denominator == 0 else float(numerator / denominator)


def verdict(difference):
    """The SPEC.md bands."""
    if difference <= 1e-7:
        return "correct"
    if difference <= 1e-5:
        return "passes, inspect the components"
    if difference <= 1e-3:
        return "suspicious"
    return "bug"


def summarise_check(grad, gradapprox, kinked, tensors, tensor_modes, directional, mode):
    """The record of gradient_check; kinked components are left out of `difference`."""
    kept = ~kinked
    tensor_differences = {}
    tensor_differences_all = {}
    for name, (start, end) in tensors.items():
        if tensor_modes[name] == "directional":
            tensor_differences[name] = tensor_differences_all[name] = directional[name]["difference"]
            continue
        inside = kept[start:end]
        tensor_differences[name] = relative_difference(grad[start:end][inside], gradapprox[start:end][inside])
        tensor_differences_all[name] = relative_difference(grad[start:end], gradapprox[start:end])
    # The overall formula runs over every compared pair: components of per-component tensors and,
    # in "fast" mode, the (analytic, numeric) directional derivatives of the other tensors.
    checked = np.ones(grad.shape[0], dtype=bool)
    for name, (start, end) in tensors.items():
        checked[start:end] = tensor_modes[name] != "directional"
    analytic = [directional[name]["analytic"] for name in tensors if tensor_modes[name] == "directional"]
    numeric = [directional[name]["numeric"] for name in tensors if tensor_modes[name] == "directional"]
    compared_grad = np.concatenate([grad[checked & kept, 0]] + analytic)
    compared_approx = np.concatenate([gradapprox[checked & kept, 0]] + numeric)
    difference = relative_difference(compared_grad, compared_approx)
    difference_all = relative_difference(np.concatenate([grad[checked, 0]] + analytic),
                                         np.concatenate([gradapprox[checked, 0]] + numeric))
    kink_indices = np.flatnonzero(kinked).reshape(-1, 1)
    record = {
        "difference": difference,
        "tensor_differences": tensor_differences,
        "grad": grad,
        "gradapprox": gradapprox,
        "difference_all": difference_all,
        "kink_indices": kink_indices,
        "n_kinks": int(kink_indices.shape[0]),
        "tensor_modes": tensor_modes,
        "mode": mode,
        "verdict": verdict(difference),
    }
    if directional:
        record["directional"] = directional
    return record


def hidden_signs_changed(caches, reference_caches):
    """True when any hidden pre-activation is on the other side of 0 (z > 0 versus z <= 0)."""
    return any(np.any((cache["Z"] > 0) != (reference["Z"] > 0))
               for cache, reference in zip(caches[:-1], reference_caches[:-1]))


def cost_at(theta, X, Y, layer_dims, options, masks):
    """J(theta) with the fixed masks, plus the caches (for kink detection)."""
    params = vector_to_parameters(theta, layer_dims)
    AL, caches = forward_propagation(X, params, options["hidden_activation"], options["output_activation"],
                                     options["keep_prob"], masks)
    return compute_cost(AL, Y, options["output_activation"], params, options["lambd"]), caches


def plain_gradient_approximation(X, Y, params, layer_dims, options, masks, caches):
    """The reference: two full forward passes per component of theta."""
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
            kinked[index] = hidden_signs_changed(caches_plus, caches) or hidden_signs_changed(caches_minus, caches)
    return gradapprox, kinked


def stacked_cost(ZL, Y, output_activation, lambd, squared_norms, m):
    """compute_cost for k output pre-activations at once: ZL is (n_L, k, m), units first, so that
    every (unit, column) slice is laid out as in the unbatched pass; returns the k costs.

    `squared_norms` lists ||W_l||_F^2 per layer, an array (k,) for the perturbed layer.
    """
    if output_activation == "sigmoid":
        AL = activation_forward(ZL, "sigmoid")
    else:
        AL = softmax_forward(ZL)
    cost = cross_entropy_cost(AL, Y, output_activation) + l2_regularization_cost(squared_norms, lambd, m)
    return cost


def output_after_row_change(layer, rows, Z_rows, params, layer_dims, options, masks, caches):
    """ZL (n_L, k, m) when, for each of k perturbations, row rows[k] of Z_layer becomes Z_rows[k];
    plus which perturbations flipped the sign of a hidden pre-activation."""
    n_layers = len(layer_dims) - 1
    hidden, keep_prob = options["hidden_activation"], options["keep_prob"]
    watch_kinks = hidden in KINKED_ACTIVATIONS
    k, m = Z_rows.shape
    crossed = np.zeros(k, dtype=bool)
    if layer == n_layers:
        ZL = np.repeat(caches[-1]["Z"][:, None, :], k, axis=1)
        ZL[rows, np.arange(k), :] = Z_rows
        return ZL, crossed
    Z_unperturbed = caches[layer - 1]["Z"]
    if watch_kinks:
        crossed |= np.any((Z_rows > 0) != (Z_unperturbed[rows] > 0), axis=1)
    A_rows = activation_forward(Z_rows, hidden)
    if keep_prob < 1:
        A_rows = dropout_forward(A_rows, masks[layer - 1][rows], keep_prob)
    delta_A = A_rows - caches[layer]["linear_cache"][0][rows]
    W_next = params[f"W{layer + 1}"]
    # Rank-one update of the next pre-activation: only column rows[k] of W_next meets change k.
    Z = W_next[:, rows][:, :, None] * delta_A[None, :, :]
    Z += caches[layer]["Z"][:, None, :]
    ZL, crossed_later = output_after_layer_change(layer + 1, Z, params, layer_dims, options, masks, caches)
    return ZL, crossed | crossed_later


def output_after_layer_change(layer, Z, params, layer_dims, options, masks, caches):
    """ZL (n_L, k, m) from k stacked versions Z (n_layer, k, m) of Z_layer, through the layers
    after `layer`; plus which versions put a hidden pre-activation on the other side of 0."""
    n_layers = len(layer_dims) - 1
    hidden, keep_prob = options["hidden_activation"], options["keep_prob"]
    k, m = Z.shape[1], Z.shape[2]
    crossed = np.zeros(k, dtype=bool)
    for current in range(layer, n_layers):
        if hidden in KINKED_ACTIVATIONS:
            crossed |= np.any((Z > 0) != (caches[current - 1]["Z"][:, None, :] > 0), axis=(0, 2))
        A = activation_forward(Z, hidden)
        if keep_prob < 1:
            A = dropout_forward(A, np.broadcast_to(masks[current - 1][:, None, :], A.shape), keep_prob)
        # (n, k, m) is contiguous, so the k stacked passes are one matrix product on (n, k*m).
        Z_flat, _ = linear_forward(A.reshape(A.shape[0], k * m), params[f"W{current + 1}"], params[f"b{current + 1}"])
        Z = Z_flat.reshape(-1, k, m)
    return Z, crossed


def full_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, tensor_names):
    """The plain approximation for the components of `tensor_names`, many rank-one changes at once.

    Entries of other tensors are NaN. The perturbation actually applied is fl(theta_i +- eps) -
    theta_i (as in the plain loop), while the quotient divides by 2 eps (as the plain loop does).
    """
    epsilon = options["grad_check_epsilon"]
    lambd, output = options["lambd"], options["output_activation"]
    m = X.shape[1]
    n_layers = len(layer_dims) - 1
    slices = tensor_slices(layer_dims)
    gradapprox = np.full((slices[f"db{n_layers}"][1], 1), np.nan)
    kinked = np.zeros(gradapprox.shape[0], dtype=bool)
    layer_sums = [np.sum(np.square(params[f"W{layer}"])) for layer in range(1, n_layers + 1)]
    for layer in range(1, n_layers + 1):
        check_W, check_b = f"dW{layer}" in tensor_names, f"db{layer}" in tensor_names
        if not (check_W or check_b):
            continue
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        n_units, n_prev = W.shape
        # Row j < n_prev of `inputs` multiplies W[i, j] in Z[i]; the last row (ones) multiplies b[i].
        inputs = np.vstack([caches[layer - 1]["linear_cache"][0], np.ones((1, m))])
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
        is_weight = columns < n_prev
        widest_after = max(layer_dims[layer + 1:], default=layer_dims[-1])  # the stacks built downstream
        chunk = max(1, MAX_STACK_ELEMENTS // (2 * widest_after * m))
        for start in range(0, rows.shape[0], chunk):
            part = slice(start, start + chunk)
            k = rows[part].shape[0]
            # The +eps and -eps versions of every perturbation in this part, stacked: 2k of them.
            both_rows = np.concatenate([rows[part], rows[part]])
            old_values = np.concatenate([values[part], values[part]])
            new_values = np.concatenate([values[part] + epsilon, values[part] - epsilon])
            steps = (new_values - old_values)[:, None]
            Z_rows = caches[layer - 1]["Z"][both_rows] + steps * inputs[np.concatenate([columns[part], columns[part]])]
            ZL, flipped = output_after_row_change(layer, both_rows, Z_rows, params, layer_dims, options, masks, caches)
            weight_change = np.where(np.concatenate([is_weight[part], is_weight[part]]), new_values ** 2 - old_values ** 2, 0.0)
            squared_norms = [norm + weight_change if index == layer else norm for index, norm in enumerate(layer_sums, start=1)]
            costs = stacked_cost(ZL, Y, output, lambd, squared_norms, m)
            with np.errstate(invalid="ignore"):  # Inf - Inf costs give NaN, a result like any other
                gradapprox[indices[part], 0] = (costs[:k] - costs[k:]) / (2 * epsilon)
            kinked[indices[part]] = flipped[:k] | flipped[k:]
    return gradapprox, kinked


def fast_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, grad):
    """Directional checks per tensor; the per-component check only for tensors that fail them."""
    epsilon = options["grad_check_epsilon"]
    n_directions = options["grad_check_directions"]
    rng = np.random.default_rng(options["seed"])
    slices = tensor_slices(layer_dims)
    m = X.shape[1]
    layer_sums = [np.sum(np.square(params[f"W{layer}"])) for layer in range(1, len(layer_dims))]
    tensor_modes, directional, failing = {}, {}, []
    for name, (start, end) in slices.items():
        layer, is_weight = int(name[2:]), name.startswith("dW")
        W = params[f"W{layer}"]
        directions = rng.integers(0, 2, size=(n_directions, end - start)) * 2.0 - 1.0
        analytic = directions @ grad[start:end, 0]
        # Only Z_layer moves: by eps·D·A_prev (a weight direction D) or eps·d (a bias direction d).
        # The +eps and -eps versions of all directions go through the later layers as one stack.
        if is_weight:
            steps = [epsilon * (d.reshape(W.shape, order="F") @ caches[layer - 1]["linear_cache"][0]) for d in directions]
            weight_sums = [np.sum(np.square(W + sign * epsilon * d.reshape(W.shape, order="F")))
                           for sign in (1, -1) for d in directions]
        else:
            steps = [np.broadcast_to(epsilon * d[:, None], (d.shape[0], m)) for d in directions]
            weight_sums = [layer_sums[layer - 1]] * (2 * n_directions)
        Z = caches[layer - 1]["Z"]
        stack = np.stack([Z + step for step in steps] + [Z - step for step in steps], axis=1)
        ZL, _ = output_after_layer_change(layer, stack, params, layer_dims, options, masks, caches)
        squared_norms = [np.array(weight_sums) if index == layer else norm for index, norm in enumerate(layer_sums, start=1)]
        costs = stacked_cost(ZL, Y, options["output_activation"], options["lambd"], squared_norms, m)
        with np.errstate(invalid="ignore"):  # Inf - Inf is NaN: a result, and it fails the tensor
            numeric = (costs[:n_directions] - costs[n_directions:]) / (2 * epsilon)
        scale = np.abs(analytic) + np.abs(numeric)
        with np.errstate(invalid="ignore", divide="ignore"):
            differences = np.where(scale == 0, 0.0, np.abs(analytic - numeric) / scale)
        worst = float(np.max(differences))
        directional[name] = {"analytic": analytic, "numeric": numeric, "difference": worst}
        if not worst <= FAST_TENSOR_TOLERANCE:  # NaN fails too
            failing.append(name)
        tensor_modes[name] = "full" if name in failing else "directional"
    gradapprox, kinked = full_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, failing)
    return gradapprox, kinked, tensor_modes, directional
