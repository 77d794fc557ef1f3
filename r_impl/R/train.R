# Mini-batch training (SPEC.md "Training", CONTRACT.md "Training masks").

# Consecutive slices of size batch_size of the columns in `permutation` order (0-based), the
# last one possibly smaller. Returns list(batches = list(list(X, Y), ...), ranges), ranges a
# n_batches x 2 matrix of 0-based start and exclusive end positions in the permuted order, so
# that the epoch's masks can be sliced the same way.
random_mini_batches <- function(X, Y, permutation, batch_size) {
  fname <- "random_mini_batches"
  check_numeric_matrix(X, "X", fname, finite = TRUE)
  m <- ncol(X)
  check_shape(Y, 1, m, "Y", fname)
  if (!(is.numeric(permutation) && (!is.matrix(permutation) || ncol(permutation) == 1) && is_permutation(permutation, m))) {
    bad_input(fname, "permutation", sprintf("a 0-based permutation of 0..%d (a vector or %dx1 matrix)", m - 1, m), describe_value(permutation))
  }
  batch_size <- check_positive_integer(batch_size, "batch_size", fname)
  order <- as.vector(permutation) + 1
  starts <- seq(0, m - 1, by = batch_size)
  ends <- pmin(starts + batch_size, m)
  batches <- lapply(seq_along(starts), function(k) {
    columns <- order[(starts[k] + 1):ends[k]]
    list(X = X[, columns, drop = FALSE], Y = Y[, columns, drop = FALSE])
  })
  list(batches = batches, ranges = cbind(start = starts, end = ends))
}

# Epoch `epoch`'s permutation: the caller's column, or standalone a draw from R's RNG
# (the identity when one batch holds everything).
epoch_permutation <- function(permutations, epoch, m, batch_size) {
  if (!is.null(permutations)) return(permutations[, epoch + 1])
  if (batch_size >= m) return(seq_len(m) - 1)
  sample.int(m) - 1
}

# Epoch `epoch`'s masks (n_l x m, in permuted column order): the caller's columns
# epoch*m + 1 .. epoch*m + m, or standalone fresh draws uniform < keep_prob.
epoch_masks <- function(masks, epoch, m, layer_dims, keep_prob) {
  if (keep_prob == 1) return(list())
  if (length(masks) > 0) return(lapply(masks, function(mask) mask[, epoch * m + seq_len(m), drop = FALSE]))
  hidden_sizes <- layer_dims[-c(1, length(layer_dims))]
  lapply(hidden_sizes, function(n_l) matrix(as.numeric(runif(n_l * m) < keep_prob), nrow = n_l, ncol = m))
}

# The masks of the mini-batch at 0-based positions [start, end) of the permuted order.
batch_masks <- function(masks, start, end) {
  lapply(masks, function(mask) mask[, (start + 1):end, drop = FALSE])
}

# Train from params: per epoch the scheduled rate, the permutation, one update per mini-batch
# (t counting updates from 1 across the run), then the cost on the whole training set without
# dropout but with the L2 term. Returns list(params, costs = 1 x num_epochs).
# Standalone mode (empty permutations / masks): draws from R's RNG, after set.seed(options$seed)
# when options$seed is given; per epoch the permutation first, then one mask per hidden layer.
train <- function(X, Y, params, options, permutations, masks) {
  fname <- "train"
  options <- check_options(options, fname)
  check_numeric_matrix(X, "X", fname, finite = TRUE)
  layer_dims <- check_params(params, nrow(X), options$output_activation, fname)
  check_labels(Y, ncol(X), options$output_activation, layer_dims[length(layer_dims)], fname)
  m <- ncol(X)
  num_epochs <- options$num_epochs
  permutations <- check_permutations(permutations, m, num_epochs, fname)
  drawn_masks <- options$keep_prob < 1 && is_empty_argument(masks)
  masks <- if (drawn_masks) list() else check_masks(masks, layer_dims, m * num_epochs, options$keep_prob, fname)
  if (!is.null(options$seed)) set.seed(options$seed)

  params <- params[parameter_names(length(layer_dims) - 1)]
  state <- initialize_optimizer(params, options$optimizer)
  t <- 0
  costs <- matrix(0, nrow = 1, ncol = num_epochs)
  for (epoch in seq_len(num_epochs) - 1) {
    learning_rate <- scheduled_learning_rate(options, epoch)
    permutation <- epoch_permutation(permutations, epoch, m, options$batch_size)
    this_epoch_masks <- epoch_masks(masks, epoch, m, layer_dims, options$keep_prob)
    mini_batches <- random_mini_batches(X, Y, permutation, options$batch_size)
    for (k in seq_along(mini_batches$batches)) {
      batch <- mini_batches$batches[[k]]
      masks_k <- batch_masks(this_epoch_masks, mini_batches$ranges[k, "start"], mini_batches$ranges[k, "end"])
      forward <- forward_propagation(batch$X, params, options$hidden_activation, options$output_activation, options$keep_prob, masks_k)
      grads <- backward_propagation(forward$AL, batch$Y, forward$caches, options$hidden_activation, options$output_activation, options$lambd, options$keep_prob)
      t <- t + 1
      step <- update_parameters(params, grads, state, options, t, learning_rate)
      params <- step$params
      state <- step$state
    }
    caches <- forward_propagation(X, params, options$hidden_activation, options$output_activation, 1, list())$caches
    costs[1, epoch + 1] <- compute_cost(caches[[length(caches)]]$Z, Y, options$output_activation, params, options$lambd)
  }
  list(params = params, costs = costs)
}
