# Gradient checking (SPEC.md "Gradient check"; CONTRACT.md "Gradient check: one algorithm in three
# languages": numpy's gradient_check.py and Octave's gradient_check.m are the same algorithm with
# the same helpers in the same order).
#
# approx_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) on the canonical flat vector,
# with lambd, keep_prob and the caller's fixed dropout masks exactly as for the analytic gradient.
# options$grad_check_mode:
#   "plain" the reference: two full forward passes (cost_at) per component;
#   "full"  the same quotients (to rounding) from the unperturbed pass: component (i, j) of W_l (or
#           i of b_l) changes only row i of Z_l, hence only row i of A_l, hence Z_{l+1} by the
#           rank-one term W_{l+1}[, i] dA_l[i, ]. Only the examples whose row of A_l changes
#           (moved examples) go on: the versions' moved columns side by side as one ragged stack,
#           so every later layer is one linear_forward on the stack, and an example that did not
#           move keeps its unperturbed loss. With a softmax output a change of a unit of layer
#           L-1 (or of a logit) moves a column of Z_L by the rank-one term w d, and its loss
#           comes from a series in d instead (loss_expansion, expanded_losses): one log1p per
#           moved column instead of n_L exps, the stack only where the series is not exact;
#   "fast"  per tensor, K directions d of +-1 (the caller's, or drawn from R's RNG): the analytic
#           g_t' d against the two-sided quotient along d, the versions stacked as column blocks
#           (V versions of an n x m matrix side by side as one n x (V m) matrix, version v in
#           columns (v - 1) m + 1 .. v m); a tensor that fails beyond the rounding noise falls
#           back to the per-component ("full") check so its elements are named.
# Kinks (relu / leaky_relu hidden layers): a component whose +-eps version moves any hidden
# pre-activation across 0 (z > 0 vs z <= 0) is reported and left out of `difference`.
# A difference above 1e-5 whose error is within the finite differences' rounding noise
# (finite_difference_noise) is "indeterminate", not a failure.

# Above this worst directional difference (and beyond the noise) a tensor gets the per-component check.
FAST_FAILURE_THRESHOLD <- 1e-5
# How many doubles one stacked matrix may hold; chunks of components are sized for it.
MAX_STACK_ELEMENTS <- 2^17
# The unit roundoff of the noise floor.
UNIT_ROUNDOFF <- 2^-52
# The per-entry fields of stacked_row_change's moves (one entry per moved (version, example)).
MOVE_FIELDS <- c("examples", "versions", "units", "old", "new")

# Compare the analytic gradient of the cost at params with finite differences.
# directions: fast mode's P x K matrix of +-1 (NULL or empty: drawn from R's RNG, after
# set.seed(options$seed) when a seed is given, with K = options$grad_check_directions).
# Returns list(difference, difference_all, error, noise, verdict, tensor_differences,
# tensor_errors, tensor_noise, tensor_modes (each named dW1, db1, ...), grad (P x 1),
# gradapprox (P x 1, NaN where only a directional check ran), kink_indices (0-based, P_k x 1), n_kinks).
gradient_check <- function(X, Y, params, options, masks, directions = NULL) {
  fname <- "gradient_check"
  options <- check_options(fname, options)
  layer_dims <- check_params(fname, params, if (is.matrix(X)) nrow(X) else NULL, options$output_activation)
  data <- check_data(fname, X, Y, options$output_activation, layer_dims[length(layer_dims)])
  X <- data$X
  Y <- data$Y
  masks <- check_masks(fname, masks, layer_dims, ncol(X), options$keep_prob)
  slices <- tensor_slices(layer_dims)
  n_params <- slices[[length(slices)]][2]
  directions <- check_directions(fname, directions, n_params)
  params <- params[parameter_names(length(layer_dims) - 1)]

  forward <- forward_propagation_unchecked(X, params, options$hidden_activation, options$output_activation, options$keep_prob, masks)
  grads <- backward_propagation_unchecked(forward$AL, Y, forward$caches, options$hidden_activation, options$output_activation, options$lambd, options$keep_prob)
  grad <- gradients_to_vector(grads)
  caches <- forward$caches
  noise <- finite_difference_noise(forward$AL, Y, caches, params, options)

  tensor_modes <- setNames(as.list(rep("full", length(slices))), names(slices))
  directional <- list()
  if (options$grad_check_mode == "plain") {
    approx <- plain_gradient_approximation(X, Y, params, layer_dims, options, masks, caches)
  } else if (options$grad_check_mode == "full") {
    approx <- full_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, names(slices))
  } else {
    if (is.null(directions)) {
      if (!is.null(options$seed)) set.seed(options$seed)
      directions <- matrix(sample(c(-1, 1), n_params * options$grad_check_directions, replace = TRUE), nrow = n_params)
    }
    approx <- fast_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, grad, directions, noise)
    tensor_modes <- approx$tensor_modes
    directional <- approx$directional
  }
  summarise_check(grad, approx$gradapprox, approx$kinked, slices, tensor_modes, directional, noise)
}

# eta, the rounding noise of one two-sided quotient (J+ - J-) / (2 eps): the cost's terms and the
# terms summed into each logit, weighted by the cost's sensitivity dZL to them,
#   cost_magnitude = (1/m) sum_i l_i + (1/m) sum_{k,i} |dZL| (|W_L| |A_{L-1}| + |b_L|) + L2,
# times u sqrt(m) / eps with u = 2^-52. n quotients carry the noise norm eta sqrt(n).
finite_difference_noise <- function(AL, Y, caches, params, options) {
  L <- length(caches)
  ZL <- caches[[L]]$Z
  m <- ncol(ZL)
  A_prev <- caches[[L]]$linear_cache$A_prev
  W <- params[[2 * L - 1]]
  b <- params[[2 * L]]
  dZL <- output_backward_unchecked(AL, Y, options$output_activation)
  logit_terms <- abs(W) %*% abs(A_prev) + as.vector(abs(b))
  cost_magnitude <- (1 / m) * sum(cross_entropy_terms(ZL, Y, options$output_activation)) +
    (1 / m) * sum(abs(dZL) * logit_terms) +
    l2_regularization_cost(weight_square_sums(params), options$lambd, m)
  UNIT_ROUNDOFF * sqrt(m) * cost_magnitude / options$grad_check_epsilon
}

# J(theta) with the check's settings and fixed masks, with the pass's caches (for kinks).
cost_at <- function(theta, X, Y, layer_dims, options, masks) {
  params <- vector_to_parameters(theta, layer_dims)
  forward <- forward_propagation_unchecked(X, params, options$hidden_activation, options$output_activation, options$keep_prob, masks)
  L <- length(forward$caches)
  list(cost = compute_cost_unchecked(forward$caches[[L]]$Z, Y, options$output_activation, params, options$lambd), caches = forward$caches)
}

# "plain": two full forward passes per component of theta. Returns list(gradapprox (P x 1), kinked).
plain_gradient_approximation <- function(X, Y, params, layer_dims, options, masks, caches) {
  epsilon <- options$grad_check_epsilon
  watch_kinks <- options$hidden_activation %in% c("relu", "leaky_relu")
  hidden <- seq_len(length(caches) - 1)
  crossed <- function(other) any(vapply(hidden, function(l) any((other[[l]]$Z > 0) != (caches[[l]]$Z > 0), na.rm = TRUE), logical(1)))
  theta <- parameters_to_vector(params)
  gradapprox <- matrix(0, nrow = length(theta), ncol = 1)
  kinked <- logical(length(theta))
  for (i in seq_along(theta)) {
    theta_plus <- theta
    theta_plus[i] <- theta[i] + epsilon
    plus <- cost_at(theta_plus, X, Y, layer_dims, options, masks)
    theta_minus <- theta
    theta_minus[i] <- theta[i] - epsilon
    minus <- cost_at(theta_minus, X, Y, layer_dims, options, masks)
    gradapprox[i, 1] <- (plus$cost - minus$cost) / (2 * epsilon)
    if (watch_kinks) kinked[i] <- crossed(plus$caches) || crossed(minus$caches)
  }
  list(gradapprox = gradapprox, kinked = kinked)
}

# "full": the plain quotients for every component of the tensors named in tensor_names (dW1,
# db1, ...), per layer l in chunks of k components: the 2k versions (+eps first, then -eps) change
# one row of Z_l each, by delta A_{l-1}[j, ] (or delta for a bias) with delta = fl(theta +- eps) -
# theta, the step the plain loop really takes. Only the examples a version moves (its changed row
# of A_l, or of Z_L for the output layer, differs from the unperturbed one) go through the later
# layers (stacked_row_change gives the moved entries, moved_stack their stack of Z_{l+1} columns,
# or of Z_L for the output layer); the others keep their unperturbed losses (stacked_costs). With
# a softmax output and l >= L-1 a moved entry (of unit i, by d) moves its column of Z_L by the
# rank-one term w d (w = W_L[, i], or the unit vector e_i for l = L), and expanded_losses gives
# its loss from the series of loss_expansion (one log1p per column instead of n_L exps); only the
# columns where the series is not exact to rounding (|d| max|w| > REACH, or a non-finite loss)
# are stacked and run through the later layers and cross_entropy_terms. An example can move only
# where its input is nonzero (A_{l-1}[j, ] for a weight; every example for a bias) and, for relu,
# where the unit is active or within reach of 0 (z > -2 max|delta| max(1, max_j |A_{l-1}[j, ]|)):
# elsewhere the changed pre-activation stays on the same side of 0 and the activation does not
# change, so stacked_row_change computes only these (example, version) pairs (the same for the
# +eps and the -eps version of a component); with the units a dropout mask keeps they also bound
# each component's moved examples, which sizes the chunks' stacks (1 row high with the series:
# no n_L-row stack is built). Other tensors' entries are NaN. Returns list(gradapprox (P x 1),
# kinked).
full_gradient_approximation <- function(X, Y, params, layer_dims, options, masks, caches, tensor_names) {
  epsilon <- options$grad_check_epsilon
  L <- length(layer_dims) - 1
  m <- ncol(X)
  slices <- tensor_slices(layer_dims)
  gradapprox <- matrix(NaN, nrow = slices[[2 * L]][2], ncol = 1)
  kinked <- logical(nrow(gradapprox))
  squared_norms <- weight_square_sums(params)
  reference_losses <- as.vector(cross_entropy_terms(caches[[L]]$Z, Y, options$output_activation))
  # The (version, example) rows of Z_l built at once are at most this many versions.
  most_versions <- max(2, 2 * floor(MAX_STACK_ELEMENTS / (2 * m)))
  for (l in seq_len(L)) {
    W_name <- paste0("dW", l)
    b_name <- paste0("db", l)
    W <- params[[2 * l - 1]]
    n_units <- nrow(W)
    n_prev <- ncol(W)
    A_prev <- caches[[l]]$linear_cache$A_prev
    # Component (row, column) of W_l, or (row, n_prev + 1) for b_l[row], with its flat index.
    rows <- integer(0)
    columns <- integer(0)
    values <- numeric(0)
    indices <- numeric(0)
    if (W_name %in% tensor_names) {
      rows <- c(rows, rep(seq_len(n_units), n_prev))
      columns <- c(columns, rep(seq_len(n_prev), each = n_units))
      values <- c(values, as.vector(W))
      indices <- c(indices, slices[[W_name]][1]:slices[[W_name]][2])
    }
    if (b_name %in% tensor_names) {
      rows <- c(rows, seq_len(n_units))
      columns <- c(columns, rep(n_prev + 1L, n_units))
      values <- c(values, as.vector(params[[2 * l]]))
      indices <- c(indices, slices[[b_name]][1]:slices[[b_name]][2])
    }
    if (length(rows) == 0) next
    plus_values <- values + epsilon
    minus_values <- values - epsilon
    # Where a component can change anything (see above), from the unperturbed pass: `near`, the
    # units a step can move (n_l x m; for relu the units active or within reach of 0; NULL:
    # every unit), and the nonzero inputs (n_{l-1} x m, and every example for a bias). A NaN
    # counts as possible.
    near <- NULL
    if (l < L && options$hidden_activation == "relu") {
      largest_step <- max(abs(c(plus_values - values, minus_values - values)))
      largest_input <- pmax(1, apply(abs(A_prev), 2, max))
      near <- caches[[l]]$Z + rep(2 * largest_step * largest_input, each = n_units) > 0
      near[is.na(near)] <- TRUE
    }
    nonzero_inputs <- A_prev != 0
    nonzero_inputs[is.na(nonzero_inputs)] <- TRUE
    # Transposed (m x units), so that a chunk's candidates are column gathers: near_t[, rows] &
    # inputs_t[, columns], version by version.
    near_t <- if (is.null(near)) NULL else t(near)
    inputs_t <- cbind(t(nonzero_inputs), TRUE)
    # The moved-example bound of each component (the candidates a dropout mask keeps) sizes the chunks.
    kept <- if (is.null(near)) matrix(TRUE, nrow = n_units, ncol = m) else near
    if (l < L && options$keep_prob < 1) kept <- kept & (masks[[l]] != 0)
    bounds <- c(as.vector((kept + 0) %*% t(nonzero_inputs + 0)), rowSums(kept))
    bounds <- bounds[c(if (W_name %in% tensor_names) seq_len(n_units * n_prev), if (b_name %in% tensor_names) n_units * n_prev + seq_len(n_units))]
    # A change that reaches softmax logits as a rank-one term (a unit of layer L-1, or a logit)
    # has the series of loss_expansion: one log1p per moved column instead of n_L exps.
    expansion <- NULL
    if (l >= L - 1 && options$output_activation == "softmax") {
      expansion <- loss_expansion(if (l == L) diag(layer_dims[L + 1]) else params[[2 * L - 1]], caches[[L]]$Z, Y)
    }
    # The stacks built after layer l are n_{l+1} .. n_L rows high (n_L for the output layer); with
    # the series, rows of losses (one per column).
    widest <- if (!is.null(expansion)) 1 else if (l < L) max(layer_dims[(l + 2):(L + 1)]) else layer_dims[L + 1]
    elements <- 2 * widest * bounds
    start <- 1
    while (start <= length(rows)) {
      window <- start:min(length(rows), start + most_versions / 2 - 1)
      k <- max(1, sum(cumsum(elements[window]) <= MAX_STACK_ELEMENTS))
      part <- start:(start + k - 1)
      start <- start + k
      both <- c(part, part)
      new_values <- c(plus_values[part], minus_values[part])
      steps <- new_values - values[both]
      # The +eps and -eps versions of a component have the same candidates.
      possible <- inputs_t[, columns[part], drop = FALSE]
      if (!is.null(near_t)) possible <- possible & near_t[, rows[part], drop = FALSE]
      possible <- possible[, c(seq_len(k), seq_len(k)), drop = FALSE]
      moves <- stacked_row_change(l, rows[both], columns[both], steps, params, options, masks, caches, possible)
      # The columns the series gives exactly; the others run through the stack.
      if (is.null(expansion)) {
        losses <- numeric(length(moves$examples))
        fits <- logical(length(moves$examples))
      } else {
        series <- expanded_losses(expansion, moves$units, moves$examples, moves$new - moves$old, reference_losses)
        losses <- series$losses
        fits <- series$fits
      }
      rest <- which(!fits)
      version_kinked <- moves$kinked
      if (length(rest) > 0) {
        stacked <- if (length(rest) < length(fits)) lapply(moves[MOVE_FIELDS], function(entries) entries[rest]) else moves
        Z <- moved_stack(l, stacked, params, caches)
        later <- stacked_forward_from_layer(l + 1, Z, params, options, masks, caches, stacked$examples)
        losses[rest] <- cross_entropy_terms(later$ZL, Y[, stacked$examples, drop = FALSE], options$output_activation)
        version_kinked[unique(stacked$versions[later$crossed])] <- TRUE
      }
      norms <- squared_norms[, rep(1L, 2 * k), drop = FALSE]
      norms[l, ] <- norms[l, ] + ifelse(columns[both] <= n_prev, new_values^2 - values[both]^2, 0)
      costs <- stacked_costs(losses, Y, options, norms, list(examples = moves$examples, versions = moves$versions, reference_losses = reference_losses))
      plus <- seq_len(k)
      gradapprox[indices[part], 1] <- (costs[plus] - costs[k + plus]) / (2 * epsilon)
      kinked[indices[part]] <- version_kinked[plus] | version_kinked[k + plus]
    }
  }
  list(gradapprox = gradapprox, kinked = kinked)
}

# "fast": per tensor t, its K directions D_t (the rows of `directions` in t's slice): the analytic
# g_t' d_k against the quotient from the 2K versions Z_l +- eps reshape(d_k) A_{l-1} (or +- eps d_k
# for a bias) through the later layers (plain column blocks: a direction moves every example). A
# tensor falls back to the per-component check ("full") when its worst directional difference
# exceeds 1e-5 (or is NaN) and its directional error ||a - b|| exceeds its noise eta sqrt(K).
# Returns list(gradapprox, kinked, tensor_modes, directional = per tensor list(analytic, numeric,
# difference, error)).
fast_gradient_approximation <- function(X, Y, params, layer_dims, options, masks, caches, grad, directions, noise) {
  epsilon <- options$grad_check_epsilon
  L <- length(layer_dims) - 1
  m <- ncol(X)
  K <- ncol(directions)
  slices <- tensor_slices(layer_dims)
  squared_norms <- weight_square_sums(params)
  tensor_modes <- list()
  directional <- list()
  failing <- character(0)
  for (name in names(slices)) {
    range <- slices[[name]][1]:slices[[name]][2]
    l <- as.integer(substring(name, 3))
    is_weight <- startsWith(name, "dW")
    W <- params[[2 * l - 1]]
    Z <- caches[[l]]$Z
    A_prev <- caches[[l]]$linear_cache$A_prev
    D <- directions[range, , drop = FALSE]
    analytic <- as.vector(crossprod(D, grad[range]))
    numerical <- numeric(K)
    # The stacks start at Z_l: n_l .. n_L rows high.
    per_chunk <- max(1, floor(MAX_STACK_ELEMENTS / (2 * max(layer_dims[(l + 1):(L + 1)]) * m)))
    for (start in seq(1, K, by = per_chunk)) {
      part <- start:min(K, start + per_chunk - 1)
      k <- length(part)
      steps <- lapply(part, function(d) {
        if (is_weight) epsilon * (matrix(D[, d], nrow = nrow(W)) %*% A_prev) else (epsilon * D[, d, drop = FALSE])[, rep(1L, m), drop = FALSE]
      })
      stack <- do.call(cbind, c(lapply(steps, function(step) Z + step), lapply(steps, function(step) Z - step)))
      norms <- squared_norms[, rep(1L, 2 * k), drop = FALSE]
      if (is_weight) {
        norms[l, ] <- c(vapply(part, function(d) sum((W + epsilon * matrix(D[, d], nrow = nrow(W)))^2), numeric(1)),
                        vapply(part, function(d) sum((W - epsilon * matrix(D[, d], nrow = nrow(W)))^2), numeric(1)))
      }
      later <- stacked_forward_from_layer(l, stack, params, options, masks, caches)
      losses <- cross_entropy_terms(later$ZL, matrix(rep.int(Y, 2 * k), nrow = 1), options$output_activation)
      costs <- stacked_costs(losses, Y, options, norms)
      numerical[part] <- (costs[seq_len(k)] - costs[k + seq_len(k)]) / (2 * epsilon)
    }
    worst <- max(directional_differences(analytic, numerical))
    error <- sqrt(sum((analytic - numerical)^2))
    directional[[name]] <- list(analytic = analytic, numeric = numerical, difference = worst, error = error)
    fails <- !isTRUE(worst <= FAST_FAILURE_THRESHOLD) && !isTRUE(error <= noise * sqrt(K))
    tensor_modes[[name]] <- if (fails) "full" else "directional"
    if (fails) failing <- c(failing, name)
  }
  full <- full_gradient_approximation(X, Y, params, layer_dims, options, masks, caches, failing)
  list(gradapprox = full$gradapprox, kinked = full$kinked, tensor_modes = tensor_modes, directional = directional)
}

# The V versions' changed rows of Z_l (version v: row rows[v] plus steps[v] A_{l-1}[columns[v], ],
# or plus steps[v] when columns[v] is n_{l-1} + 1, a bias), kept only at the examples they move:
# for the output layer those whose logit changed; for a hidden layer the activation (and mask /
# keep_prob) of the changed rows gives the new entries of A_l, and an example moves where its
# entry changed (a NaN change counts as moved). `possible` (m x V logical, NULL: everywhere)
# limits the work to the (example, version) pairs where the row can change at all: elsewhere the
# caller guarantees an unchanged pre-activation on the same side of 0.
# Returns the moves, one entry per moved (version, example), version by version (each version's
# examples in increasing order): list(examples, versions, units (rows[versions]), old, new (the
# moved entry of A_l, or of Z_L for l = L, before and after the change), kinked (per version: a
# changed row of Z_l across 0)). moved_stack turns them into a stack of Z_{l+1} (or Z_L) columns,
# expanded_losses into losses directly.
stacked_row_change <- function(l, rows, columns, steps, params, options, masks, caches, possible = NULL) {
  L <- length(caches)
  Z_l <- caches[[l]]$Z
  n_units <- nrow(Z_l)
  m <- ncol(Z_l)
  V <- length(rows)
  A_prev <- caches[[l]]$linear_cache$A_prev
  n_prev <- nrow(A_prev)
  # The candidate (example, version) pairs, version-major, and their changed pre-activations.
  pairs <- if (is.null(possible)) seq_len(m * V) else which(possible)
  examples <- (pairs - 1L) %% m + 1L
  versions <- (pairs - 1L) %/% m + 1L
  unit_entries <- (examples - 1L) * n_units + rows[versions]
  Z_reference <- Z_l[unit_entries]
  # A_{l-1}[columns[v], example] multiplies steps[v] for a weight, 1 for a bias.
  input_rows <- columns[versions]
  if (all(columns <= n_prev)) {
    inputs <- A_prev[(examples - 1L) * n_prev + input_rows]
  } else {
    inputs <- rep.int(1, length(pairs))
    weights <- input_rows <= n_prev
    inputs[weights] <- A_prev[(examples[weights] - 1L) * n_prev + input_rows[weights]]
  }
  Z_rows <- Z_reference + steps[versions] * inputs
  moves_at <- function(moved, old, new, kinked) {
    if (length(moved) < length(pairs)) {
      examples <- examples[moved]
      versions <- versions[moved]
      old <- old[moved]
      new <- new[moved]
    }
    list(examples = examples, versions = versions, units = rows[versions], old = old, new = new, kinked = kinked)
  }
  if (length(pairs) == 0) return(moves_at(integer(0), numeric(0), numeric(0), logical(V)))
  # The candidates whose change is nonzero (NaN included), still version-major.
  moved_of <- function(change) {
    moved <- which(change != 0)
    if (anyNA(change)) moved <- sort.int(c(moved, which(is.na(change))))
    moved
  }
  if (l == L) return(moves_at(moved_of(Z_rows - Z_reference), Z_reference, Z_rows, logical(V)))
  kinked <- logical(V)
  if (options$hidden_activation %in% c("relu", "leaky_relu")) {
    kinked <- tabulate(versions[which((Z_rows > 0) != (Z_reference > 0))], V) > 0
  }
  # The activation of the changed entries, as one row (a 1 x pairs matrix).
  dim(Z_rows) <- c(1L, length(Z_rows))
  A_rows <- activation_forward_unchecked(Z_rows, options$hidden_activation)
  if (options$keep_prob < 1) {
    unit_masks <- masks[[l]][unit_entries]
    dim(unit_masks) <- dim(Z_rows)
    A_rows <- dropout_forward_unchecked(A_rows, unit_masks, options$keep_prob)
  }
  A_reference <- caches[[l + 1]]$linear_cache$A_prev[unit_entries]
  A_rows <- as.vector(A_rows)
  moves_at(moved_of(A_rows - A_reference), A_reference, A_rows, kinked)
}

# The ragged stack of the full mode from the moves of stacked_row_change at layer l: one column
# per move, in their order. l = L: that example's column of Z_L with row units[c] set to the
# changed logit new[c]; l < L: that example's column of Z_{l+1} plus the rank-one term
# W_{l+1}[, units[c]] (new[c] - old[c]) (the change of A_l[units[c], example]; each product
# exact-rounded as in the outer product). caches are the unperturbed pass's.
moved_stack <- function(l, moves, params, caches) {
  L <- length(caches)
  if (l == L) {
    Z <- caches[[L]]$Z[, moves$examples, drop = FALSE]
    Z[(seq_along(moves$examples) - 1) * nrow(Z) + moves$units] <- moves$new
    return(Z)
  }
  W_next <- params[[2 * l + 1]]
  # rep.int with counts: each change repeated over the rows of W_next (R's fastest "each").
  changes <- rep.int(moves$new - moves$old, rep.int(nrow(W_next), length(moves$examples)))
  caches[[l + 1]]$Z[, moves$examples, drop = FALSE] + W_next[, moves$units, drop = FALSE] * changes
}

# The softmax losses of the output logits ZL (n_L x m) moved by a rank-one change, as a series:
# column c of ZL moved by W[, i] d (W, n_L x n: the output layer's weights when a hidden unit i of
# layer L-1 changes by d; diag(n_L) when logit i itself changes by d) has, with p the softmax
# probabilities of column c and w = W[, i],
#   loss(z + w d) - loss(z) = log1p(d (P1 + d (P2 + d P3))) - d w[y_c + 1] + R,
#   P1 = sum_k p_k w_k, P2 = sum_k p_k w_k^2 / 2, P3 = sum_k p_k w_k^3 / 6,
# the exact log(sum_k p_k exp(w_k d)) - d w_y with each exp(x) cut after x^3 / 6; the remainder
# |R| <= x^4 / 24 (x = d max_k |w_k|, at most REACH: |R| <= 4.2e-18). That is one log1p per moved
# column instead of n_L exps: the full mode (expanded_losses) uses it wherever
# |d| max_k |w_k| <= REACH, and the stacked logits elsewhere. Y holds the 0-based labels (1 x m).
# Returns list(P1, P2, P3, label_weights (n x m each; label_weights[i, c] = W[y_c + 1, i]),
# reach (n: max_k |W[k, i]|), REACH = 1e-4). A non-finite logit column gives NaN entries (its
# losses then come from the stacked logits).
loss_expansion <- function(W, ZL, Y) {
  p <- softmax_forward_unchecked(ZL)  # the unperturbed pass's AL
  list(P1 = crossprod(W, p), P2 = crossprod(W^2, p) / 2, P3 = crossprod(W^3, p) / 6,
       label_weights = t(W[as.vector(Y) + 1, , drop = FALSE]), reach = apply(abs(W), 2, max), REACH = 1e-4)
}

# The full mode's losses of moved columns whose change reaches the softmax logits as a rank-one
# term: column c (example examples[c], unit units[c] of layer L-1 or the logit itself, moved by
# steps[c]) from the series of loss_expansion,
#   loss = reference_losses[e] + (log1p(d (P1 + d (P2 + d P3))) - d label_weights), d = steps[c],
# one log1p per column instead of n_L exps. Returns list(losses, fits): fits marks the columns
# where the series is exact to rounding (|d| reach[i] <= REACH and a finite loss); the losses
# elsewhere are not used: the caller takes them from the stacked logits.
expanded_losses <- function(expansion, units, examples, steps, reference_losses) {
  at <- units + nrow(expansion$P1) * (examples - 1L)
  d <- steps
  series <- d * (expansion$P1[at] + d * (expansion$P2[at] + d * expansion$P3[at]))
  losses <- reference_losses[examples] + (log1p(series) - d * expansion$label_weights[at])
  fits <- abs(d) * expansion$reach[units] <= expansion$REACH & is.finite(losses)
  if (anyNA(fits)) fits[is.na(fits)] <- FALSE
  list(losses = losses, fits = fits)
}

# Run a stack of versions of Z_l through hidden layers l .. L-1 (activation, the masks of each
# column's example, linear_forward on the whole stack). `examples` gives the example of every
# column of Z; NULL: plain column blocks (V versions of all m examples side by side). Returns
# list(ZL, crossed (per column: a hidden pre-activation across 0 from the unperturbed pass's)).
stacked_forward_from_layer <- function(l, Z, params, options, masks, caches, examples = NULL) {
  L <- length(caches)
  m <- ncol(caches[[1]]$Z)
  if (is.null(examples)) examples <- rep.int(seq_len(m), ncol(Z) %/% m)
  crossed <- logical(ncol(Z))
  if (ncol(Z) == 0) return(list(ZL = matrix(0, nrow = nrow(caches[[L]]$Z), ncol = 0), crossed = crossed))
  watch_kinks <- options$hidden_activation %in% c("relu", "leaky_relu")
  while (l < L) {
    if (watch_kinks) {
      crossed <- crossed | colSums((Z > 0) != (caches[[l]]$Z[, examples, drop = FALSE] > 0), na.rm = TRUE) > 0
    }
    A <- activation_forward_unchecked(Z, options$hidden_activation)
    if (options$keep_prob < 1) A <- dropout_forward_unchecked(A, masks[[l]][, examples, drop = FALSE], options$keep_prob)
    Z <- linear_forward_unchecked(A, params[[2 * l + 1]], params[[2 * l + 2]])$Z
    l <- l + 1
  }
  list(ZL = Z, crossed = crossed)
}

# The costs of stacked passes, one per column of squared_norms (L x V: each version's layers'
# squared norms), each plus its L2 term, from the losses of their output logits (one per stacked
# column: cross_entropy_terms of the stack, or expanded_losses). moved NULL: plain column blocks
# (V versions of all m examples), one (1/m) sum per block. moved = list(examples, versions,
# reference_losses): a ragged stack of the moved (version, example) columns; version v costs
# J_ref + (1/m) sum over its columns (l_c - l_ref,c), J_ref = (1/m) sum_i l_ref,i the unperturbed
# cross-entropy (its examples that did not move keep l_ref).
stacked_costs <- function(losses, Y, options, squared_norms, moved = NULL) {
  m <- ncol(Y)
  l2_terms <- l2_regularization_cost(squared_norms, options$lambd, m)
  if (is.null(moved)) return((1 / m) * colSums(matrix(losses, nrow = m)) + l2_terms)
  V <- ncol(squared_norms)
  changes <- numeric(V)
  if (length(moved$examples) > 0) {
    differences <- as.vector(losses) - moved$reference_losses[moved$examples]
    # Each version's columns are side by side: its sum runs over one range.
    counts <- tabulate(moved$versions, V)
    ends <- cumsum(counts)
    for (v in which(counts > 0)) changes[v] <- sum(differences[(ends[v] - counts[v] + 1):ends[v]])
  }
  (1 / m) * sum(moved$reference_losses) + (1 / m) * changes + l2_terms
}

# |a - b| / (|a| + |b|) per direction, 0 where both are 0.
directional_differences <- function(a, b) {
  scale <- abs(a) + abs(b)
  differences <- abs(a - b) / scale
  differences[!is.na(scale) & scale == 0] <- 0
  differences
}

# ||grad - gradapprox|| / (||grad|| + ||gradapprox||), 0 when both norms are 0.
gradient_difference <- function(grad, gradapprox) {
  numerator <- sqrt(sum((grad - gradapprox)^2))
  denominator <- sqrt(sum(grad^2)) + sqrt(sum(gradapprox^2))
  if (isTRUE(denominator == 0)) return(0)
  numerator / denominator
}

# The SPEC.md band of a difference, with "indeterminate" for a difference above 1e-5 whose error
# ||g - a|| is within the rounding noise of the finite differences. NaN is a bug.
gradient_verdict <- function(difference, error, noise) {
  if (is.na(difference)) return("bug")
  if (difference <= 1e-7) return("correct")
  if (difference <= 1e-5) return("passes")
  if (isTRUE(error <= noise)) return("indeterminate")
  if (difference <= 1e-3) return("suspicious")
  "bug"
}

# The record: per tensor over its compared pairs (its kept components, or its K directional
# pairs) the difference (a directional tensor: its worst directional difference), the error
# ||g - a|| and the noise eta sqrt(n); over all compared pairs difference, error, noise and the
# verdict; difference_all with the kinked components.
summarise_check <- function(grad, gradapprox, kinked, slices, tensor_modes, directional, noise) {
  tensor_differences <- list()
  tensor_errors <- list()
  tensor_noise <- list()
  compared <- list(grad = numeric(0), approx = numeric(0))
  everything <- list(grad = numeric(0), approx = numeric(0))
  for (name in names(slices)) {
    range <- slices[[name]][1]:slices[[name]][2]
    if (tensor_modes[[name]] == "directional") {
      g <- directional[[name]]$analytic
      a <- directional[[name]]$numeric
      g_all <- g
      a_all <- a
      tensor_differences[[name]] <- directional[[name]]$difference
    } else {
      kept <- range[!kinked[range]]
      g <- grad[kept]
      a <- gradapprox[kept]
      g_all <- grad[range]
      a_all <- gradapprox[range]
      tensor_differences[[name]] <- gradient_difference(g, a)
    }
    tensor_errors[[name]] <- sqrt(sum((g - a)^2))
    tensor_noise[[name]] <- noise * sqrt(length(g))
    compared <- list(grad = c(compared$grad, g), approx = c(compared$approx, a))
    everything <- list(grad = c(everything$grad, g_all), approx = c(everything$approx, a_all))
  }
  difference <- gradient_difference(compared$grad, compared$approx)
  error <- sqrt(sum((compared$grad - compared$approx)^2))
  total_noise <- noise * sqrt(length(compared$grad))
  list(difference = difference, difference_all = gradient_difference(everything$grad, everything$approx),
       error = error, noise = total_noise, verdict = gradient_verdict(difference, error, total_noise),
       tensor_differences = tensor_differences, tensor_errors = tensor_errors, tensor_noise = tensor_noise,
       tensor_modes = tensor_modes, grad = grad, gradapprox = gradapprox,
       kink_indices = matrix(which(kinked) - 1, ncol = 1), n_kinks = sum(kinked))
}
