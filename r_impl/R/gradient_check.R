# Gradient checking (SPEC.md "Gradient check", issue #5 for the "full" and "fast" modes).
#
# approx_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) on the canonical flat vector,
# with lambd, keep_prob and the caller's fixed dropout masks exactly as for the analytic gradient.
# Three ways to get the same numbers (options$grad_check_mode):
#   "plain" the reference: two full forward passes per component;
#   "full"  the same approximations (to rounding) from the cached unperturbed pass: perturbing
#           W_l[i, j] or b_l[i] changes only row i of Z_l, hence only row i of A_l, hence Z_{l+1}
#           by the rank-one term W_{l+1}[, i] dA_l[i, ]; many perturbed passes share one batch,
#           and only the examples a pass actually moves (dA_l[i, c] != 0) run the later layers;
#           the others keep their reference log-likelihood. Every formula is the forward/cost
#           code's own (linear_forward, activation_forward, ..., cross_entropy_terms), so a change
#           to those lines changes "full" exactly as it changes "plain";
#   "fast"  per tensor, random +-1 directions d; a tensor whose worst directional check exceeds
#           1e-5 falls back to the "full" per-component check, so its elements are named.
# Kinks (relu / leaky_relu hidden layers): a component whose +-eps perturbation moves any hidden
# pre-activation across 0 (z > 0 vs z <= 0) is reported and left out of `difference`.

# Above this worst directional relative difference a tensor gets the per-component check.
FAST_FAILURE_THRESHOLD <- 1e-5
# How many doubles one batch of perturbed passes may hold per intermediate matrix.
PERTURBATION_BATCH_ELEMENTS <- 2^19

# The two-sided finite-difference quotient (vectorised over pairs of costs).
two_sided_difference <- function(J_plus, J_minus, epsilon) {
  (J_plus - J_minus) / (2 * epsilon)
}

# ||grad - gradapprox|| / (||grad|| + ||gradapprox||), 0 when both norms are 0.
gradient_difference <- function(grad, gradapprox) {
  numerator <- sqrt(sum((grad - gradapprox)^2))
  denominator <- sqrt(sum(grad^2)) + sqrt(sum(gradapprox^2))
  if (isTRUE(denominator == 0)) return(0)
  numerator / denominator
}

# The SPEC.md band of a difference.
gradient_verdict <- function(difference) {
  if (is.na(difference)) return("bug")
  if (difference <= 1e-7) return("correct")
  if (difference <= 1e-5) return("passes, inspect the components")
  if (difference <= 1e-3) return("suspicious")
  "bug"
}

# |a - b| / (|a| + |b|), 0 when both are 0: the directional check's measure.
relative_difference <- function(a, b) {
  denominator <- abs(a) + abs(b)
  if (isTRUE(denominator == 0)) return(0)
  abs(a - b) / denominator
}

has_kinks <- function(hidden_activation) {
  hidden_activation %in% c("relu", "leaky_relu")
}

# TRUE when a hidden pre-activation of `caches` lies across 0 from the reference pass's.
crosses_kink <- function(caches, reference_caches) {
  for (l in seq_len(length(caches) - 1)) {
    if (any((caches[[l]]$Z > 0) != (reference_caches[[l]]$Z > 0), na.rm = TRUE)) return(TRUE)
  }
  FALSE
}

# For a batch of columns: which columns have a pre-activation across 0 from the reference's.
column_crosses_kink <- function(Z_batch, Z_reference_batch) {
  colSums((Z_batch > 0) != (Z_reference_batch > 0), na.rm = TRUE) > 0
}

# The (pass, example) pairs where `change` (P x m, one row per pass) is not exactly 0,
# ordered by pass. A NaN change counts as moved.
moved_examples <- function(change) {
  moved <- which(t(change != 0 | is.na(change))) - 1L
  m <- ncol(change)
  list(pass = moved %/% m + 1L, example = moved %% m + 1L)
}

# The cost (with the pass's output and caches) at params, with the check's settings.
perturbed_pass <- function(problem, params) {
  options <- problem$options
  forward <- forward_propagation(problem$X, params, options$hidden_activation, options$output_activation, options$keep_prob, problem$masks)
  cost <- compute_cost(forward$AL, problem$Y, options$output_activation, params, options$lambd)
  list(cost = cost, AL = forward$AL, caches = forward$caches)
}

# "plain": full forward passes at theta +- eps e_i for each flat index i in `indices`.
plain_gradapprox <- function(problem, reference, theta, indices) {
  epsilon <- problem$options$grad_check_epsilon
  detect_kinks <- has_kinks(problem$options$hidden_activation)
  gradapprox <- numeric(length(indices))
  kinks <- logical(length(indices))
  for (k in seq_along(indices)) {
    i <- indices[k]
    theta_plus <- theta
    theta_plus[i] <- theta[i] + epsilon
    theta_minus <- theta
    theta_minus[i] <- theta[i] - epsilon
    plus <- perturbed_pass(problem, vector_to_parameters(theta_plus, problem$layer_dims))
    minus <- perturbed_pass(problem, vector_to_parameters(theta_minus, problem$layer_dims))
    gradapprox[k] <- two_sided_difference(plus$cost, minus$cost, epsilon)
    kinks[k] <- detect_kinks && (crosses_kink(plus$caches, reference$caches) || crosses_kink(minus$caches, reference$caches))
  }
  list(gradapprox = gradapprox, kinks = kinks)
}

# Costs of P perturbed passes, pass p adding deltas[p] to one entry of layer l: W_l[rows[p], cols[p]],
# or b_l[rows[p]] when cols[p] is n_{l-1} + 1. Returns list(costs, kinks), one entry per pass.
perturbed_layer_costs <- function(problem, reference, params, l, rows, cols, deltas) {
  options <- problem$options
  caches <- reference$caches
  L <- length(caches)
  m <- ncol(problem$X)
  P <- length(rows)
  W <- params[[paste0("W", l)]]
  b <- params[[paste0("b", l)]]
  detect_kinks <- has_kinks(options$hidden_activation)

  # Each pass's perturbed row of W_l and b_l; only row rows[p] of Z_l differs from the reference.
  W_rows <- W[rows, , drop = FALSE]
  b_rows <- b[rows, , drop = FALSE]
  weight_passes <- which(cols <= ncol(W))
  bias_passes <- which(cols > ncol(W))
  perturbed_entries <- cbind(weight_passes, cols[weight_passes])
  W_rows[perturbed_entries] <- W_rows[perturbed_entries] + deltas[weight_passes]
  b_rows[bias_passes, 1] <- b_rows[bias_passes, 1] + deltas[bias_passes]
  Z_rows <- linear_forward(caches[[l]]$linear_cache$A_prev, W_rows, b_rows)$Z

  # The L2 term sees W_l's squared norm change through the perturbed row only.
  squared_norms <- weight_square_sums(params)[, rep(1L, P), drop = FALSE]
  if (options$lambd > 0) {
    row_norm_change <- vapply(seq_len(P), function(p) squared_norm(W_rows[p, , drop = FALSE]) - squared_norm(W[rows[p], , drop = FALSE]), numeric(1))
    squared_norms[l, ] <- squared_norms[l, ] + row_norm_change
  }

  # Only the examples a pass actually moves (where its row of Z_L, or of A_l for l < L, differs
  # from the reference) go through the later layers; every other example keeps its reference
  # log-likelihood exactly. The moved examples of all passes are laid side by side in one batch.
  base_log_likelihood <- as.vector(cross_entropy_terms(reference$AL, problem$Y, options$output_activation))
  kinks <- logical(P)
  if (l == L) {
    moved <- moved_examples(Z_rows - caches[[L]]$Z[rows, , drop = FALSE])
    Z <- caches[[L]]$Z[, moved$example, drop = FALSE]
    Z[cbind(rows[moved$pass], seq_along(moved$pass))] <- Z_rows[cbind(moved$pass, moved$example)]
  } else {
    if (detect_kinks) kinks <- rowSums((Z_rows > 0) != (caches[[l]]$Z[rows, , drop = FALSE] > 0), na.rm = TRUE) > 0
    A_rows <- activation_forward(Z_rows, options$hidden_activation)
    if (options$keep_prob < 1) A_rows <- dropout_forward(A_rows, problem$masks[[l]][rows, , drop = FALSE], options$keep_prob)
    delta_A <- A_rows - caches[[l + 1]]$linear_cache$A_prev[rows, , drop = FALSE]
    moved <- moved_examples(delta_A)
    W_next <- params[[paste0("W", l + 1)]]
    # Rank-one update of Z_{l+1} per pass: Z_{l+1} + W_{l+1}[, i] * delta_A[i, ] (i = rows[p]).
    Z <- caches[[l + 1]]$Z[, moved$example, drop = FALSE] + W_next[, rows[moved$pass], drop = FALSE] * rep(delta_A[cbind(moved$pass, moved$example)], each = nrow(W_next))
    for (k in setdiff(seq_len(L - 1), seq_len(l))) {
      if (length(moved$pass) == 0) break
      # Z holds Z_k of the batch; run hidden layer k and the linear part of layer k + 1.
      if (detect_kinks) kinks[unique(moved$pass[column_crosses_kink(Z, caches[[k]]$Z[, moved$example, drop = FALSE])])] <- TRUE
      A <- activation_forward(Z, options$hidden_activation)
      if (options$keep_prob < 1) A <- dropout_forward(A, problem$masks[[k]][, moved$example, drop = FALSE], options$keep_prob)
      Z <- linear_forward(A, params[[paste0("W", k + 1)]], params[[paste0("b", k + 1)]])$Z
    }
  }
  log_likelihood <- matrix(rep(base_log_likelihood, times = P), nrow = m, ncol = P)
  if (length(moved$pass) > 0) {
    AL <- output_forward(Z, options$output_activation)
    log_likelihood[cbind(moved$example, moved$pass)] <- cross_entropy_terms(AL, problem$Y[, moved$example, drop = FALSE], options$output_activation)
  }
  costs <- mean_cross_entropy(log_likelihood, m) + l2_regularization_cost(squared_norms, options$lambd, m)
  list(costs = costs, kinks = kinks)
}

# "full" for the components (rows, cols) of layer l (cols n_{l-1} + 1 meaning the bias),
# in batches of perturbed passes small enough for PERTURBATION_BATCH_ELEMENTS.
layer_gradapprox <- function(problem, reference, params, l, rows, cols) {
  epsilon <- problem$options$grad_check_epsilon
  layer_dims <- problem$layer_dims
  m <- ncol(problem$X)
  # Every pass carries its own copy of the layers after l (layer l itself only as one row).
  widest_later_layer <- max(layer_dims[min(l + 2, length(layer_dims)):length(layer_dims)])
  pairs_per_batch <- max(1, floor(PERTURBATION_BATCH_ELEMENTS / (2 * widest_later_layer * m)))
  gradapprox <- numeric(length(rows))
  kinks <- logical(length(rows))
  for (start in seq(1, length(rows), by = pairs_per_batch)) {
    chunk <- start:min(length(rows), start + pairs_per_batch - 1)
    # Component k is perturbed by +eps in pass 2k - 1 and by -eps in pass 2k.
    deltas <- rep(c(epsilon, -epsilon), times = length(chunk))
    batch <- perturbed_layer_costs(problem, reference, params, l, rep(rows[chunk], each = 2), rep(cols[chunk], each = 2), deltas)
    plus <- c(TRUE, FALSE)
    minus <- c(FALSE, TRUE)
    gradapprox[chunk] <- two_sided_difference(batch$costs[plus], batch$costs[minus], epsilon)
    kinks[chunk] <- batch$kinks[plus] | batch$kinks[minus]
  }
  list(gradapprox = gradapprox, kinks = kinks)
}

# "full": the plain approximations for the flat indices `indices`, computed layer by layer.
full_gradapprox <- function(problem, reference, params, indices) {
  layout <- tensor_layout(problem$layer_dims)
  gradapprox <- numeric(length(indices))
  kinks <- logical(length(indices))
  for (l in seq_len(length(problem$layer_dims) - 1)) {
    W_tensor <- layout[[2 * l - 1]]
    b_tensor <- layout[[2 * l]]
    in_layer <- which(indices >= W_tensor$first & indices <= b_tensor$last)
    if (length(in_layer) == 0) next
    offset <- indices[in_layer] - W_tensor$first
    is_bias <- indices[in_layer] >= b_tensor$first
    # Column-major position inside W_l; a bias is stored as column n_{l-1} + 1.
    rows <- ifelse(is_bias, indices[in_layer] - b_tensor$first + 1, offset %% W_tensor$rows + 1)
    cols <- ifelse(is_bias, W_tensor$cols + 1, offset %/% W_tensor$rows + 1)
    layer <- layer_gradapprox(problem, reference, params, l, rows, cols)
    gradapprox[in_layer] <- layer$gradapprox
    kinks[in_layer] <- layer$kinks
  }
  list(gradapprox = gradapprox, kinks = kinks)
}

# "fast": K random +-1 directions per tensor; failing tensors get the "full" check.
# Returns gradapprox (NaN where only the directional check ran), kinks, tensor modes and the
# worst directional relative difference of each tensor.
fast_gradapprox <- function(problem, reference, params, grad) {
  options <- problem$options
  epsilon <- options$grad_check_epsilon
  layout <- tensor_layout(problem$layer_dims)
  gradapprox <- rep(NaN, length(grad))
  kinks <- logical(length(grad))
  modes <- list()
  directional <- list()
  pairs <- list()
  for (tensor in layout) {
    indices <- tensor$first:tensor$last
    worst <- 0
    analytic_values <- numeric(0)
    numeric_values <- numeric(0)
    for (k in seq_len(options$grad_check_directions)) {
      direction <- sample(c(-1, 1), length(indices), replace = TRUE)
      step <- matrix(epsilon * direction, nrow = tensor$rows, ncol = tensor$cols)
      params_plus <- params
      params_plus[[tensor$name]] <- params[[tensor$name]] + step
      params_minus <- params
      params_minus[[tensor$name]] <- params[[tensor$name]] - step
      plus <- perturbed_pass(problem, params_plus)
      minus <- perturbed_pass(problem, params_minus)
      analytic <- sum(grad[indices] * direction)
      numerical <- two_sided_difference(plus$cost, minus$cost, epsilon)
      worst <- max(worst, relative_difference(analytic, numerical))
      analytic_values <- c(analytic_values, analytic)
      numeric_values <- c(numeric_values, numerical)
    }
    directional[[tensor$grad_name]] <- worst
    pairs[[tensor$grad_name]] <- list(analytic = analytic_values, numeric = numeric_values)
    if (is.na(worst) || worst > FAST_FAILURE_THRESHOLD) {
      modes[[tensor$grad_name]] <- "full"
      component <- full_gradapprox(problem, reference, params, indices)
      gradapprox[indices] <- component$gradapprox
      kinks[indices] <- component$kinks
    } else {
      modes[[tensor$grad_name]] <- "directional"
    }
  }
  list(gradapprox = gradapprox, kinks = kinks, modes = modes, directional = directional, pairs = pairs)
}

# Compare the analytic gradient of the cost at params with finite differences.
# Returns list(difference, tensor_differences (named dW1, db1, ...), grad (P x 1),
# gradapprox (P x 1), difference_all, kink_indices (0-based, P_k x 1), n_kinks, tensor_modes, mode,
# verdict (the SPEC.md band of difference)). fast_gradapprox's kinks come from fully checked tensors only.
# "plain"/"full": difference over the non-kink components, difference_all over all of them.
# "fast": difference = the same formula over every compared pair: the components of fully
# checked tensors and the directional pairs (a_k, b_k) of the others, so it is comparable with the
# full mode's; a directional tensor's tensor difference is its worst |a - b| / (|a| + |b|);
# gradapprox is NaN for tensors that passed the directional check.
gradient_check <- function(X, Y, params, options, masks) {
  fname <- "gradient_check"
  options <- check_options(options, fname)
  check_numeric_matrix(X, "X", fname, finite = TRUE)
  layer_dims <- check_params(params, nrow(X), options$output_activation, fname)
  check_labels(Y, ncol(X), options$output_activation, layer_dims[length(layer_dims)], fname)
  masks <- check_masks(masks, layer_dims, ncol(X), options$keep_prob, fname)
  problem <- list(X = X, Y = Y, options = options, masks = masks, layer_dims = layer_dims)

  reference <- perturbed_pass(problem, params)
  grads <- backward_propagation(reference$AL, Y, reference$caches, options$hidden_activation, options$output_activation, options$lambd, options$keep_prob)
  grad <- gradients_to_vector(grads)
  theta <- parameters_to_vector(params)
  all_indices <- seq_len(length(theta))
  layout <- tensor_layout(layer_dims)

  modes <- setNames(as.list(rep("full", length(layout))), vapply(layout, function(t) t$grad_name, ""))
  if (options$grad_check_mode == "plain") {
    approx <- plain_gradapprox(problem, reference, theta, all_indices)
  } else if (options$grad_check_mode == "full") {
    approx <- full_gradapprox(problem, reference, params, all_indices)
  } else {
    if (!is.null(options$seed)) set.seed(options$seed)
    approx <- fast_gradapprox(problem, reference, params, grad)
    modes <- approx$modes
  }
  gradapprox <- matrix(approx$gradapprox, ncol = 1)
  kinks <- approx$kinks

  tensor_differences <- list()
  tensor_differences_all <- list()
  for (tensor in layout) {
    name <- tensor$grad_name
    if (modes[[name]] == "directional") {
      tensor_differences[[name]] <- approx$directional[[name]]
      tensor_differences_all[[name]] <- approx$directional[[name]]
    } else {
      in_tensor <- seq_along(grad) >= tensor$first & seq_along(grad) <= tensor$last
      tensor_differences[[name]] <- gradient_difference(grad[in_tensor & !kinks], gradapprox[in_tensor & !kinks])
      tensor_differences_all[[name]] <- gradient_difference(grad[in_tensor], gradapprox[in_tensor])
    }
  }
  if (options$grad_check_mode == "fast") {
    directional_tensors <- Filter(function(tensor) modes[[tensor$grad_name]] == "directional", layout)
    checked <- rep(TRUE, length(grad))
    for (tensor in directional_tensors) checked[tensor$first:tensor$last] <- FALSE
    pair_values <- function(part) unlist(lapply(directional_tensors, function(tensor) approx$pairs[[tensor$grad_name]][[part]]))
    difference <- gradient_difference(c(grad[checked & !kinks], pair_values("analytic")),
                                      c(gradapprox[checked & !kinks], pair_values("numeric")))
    difference_all <- gradient_difference(c(grad[checked], pair_values("analytic")),
                                          c(gradapprox[checked], pair_values("numeric")))
  } else {
    difference <- gradient_difference(grad[!kinks], gradapprox[!kinks])
    difference_all <- gradient_difference(grad, gradapprox)
  }
  list(difference = difference, tensor_differences = tensor_differences, grad = grad, gradapprox = gradapprox,
       difference_all = difference_all, kink_indices = matrix(which(kinks) - 1, ncol = 1), n_kinks = sum(kinks),
       tensor_modes = modes, mode = options$grad_check_mode, verdict = gradient_verdict(difference))
}
