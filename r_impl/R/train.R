# Mini-batch training (SPEC.md "Training", CONTRACT.md "Training masks").

# Consecutive slices of size batch_size of the columns in `permutation` order (0-based), the
# last one possibly smaller. Returns list(batches = list(list(X, Y), ...), ranges), ranges a
# n_batches x 2 matrix of 0-based start and exclusive end positions in the permuted order, so
# that the epoch's masks can be sliced the same way.
random_mini_batches <- function(X, Y, permutation, batch_size) {
  fname <- "random_mini_batches"
  X <- check_matrix(fname, "X", X, TRUE)
  m <- ncol(X)
  if (!(is.matrix(Y) && is.numeric(Y) && nrow(Y) == 1 && ncol(Y) == m)) {
    bad_input(fname, "Y", sprintf("a 1x%d numeric matrix", m), describe_value(Y))
  }
  # m whole numbers in 0..m-1 without a repeat.
  is_permutation <- is.numeric(permutation) && (!is.matrix(permutation) || ncol(permutation) == 1) &&
    length(permutation) == m && !anyNA(permutation) && all(permutation == round(permutation)) &&
    min(permutation) >= 0 && max(permutation) <= m - 1 && !anyDuplicated(as.vector(permutation))
  if (!is_permutation) {
    bad_input(fname, "permutation", sprintf("a 0-based permutation of 0..%d (a vector or %dx1 matrix)", m - 1, m), describe_value(permutation))
  }
  batch_size <- check_integer(fname, "batch_size", batch_size, 1)
  random_mini_batches_unchecked(X, Y, permutation, batch_size)
}

# random_mini_batches on valid arguments (the training loop's, checked once per run).
random_mini_batches_unchecked <- function(X, Y, permutation, batch_size) {
  m <- ncol(X)
  order <- as.vector(permutation) + 1
  starts <- seq(0, m - 1, by = batch_size)
  ends <- pmin(starts + batch_size, m)
  batches <- lapply(seq_along(starts), function(k) {
    columns <- order[(starts[k] + 1):ends[k]]
    list(X = X[, columns, drop = FALSE], Y = Y[, columns, drop = FALSE])
  })
  list(batches = batches, ranges = cbind(start = starts, end = ends))
}

# The number of updates of a whole run: num_epochs x ceiling(m / batch_size).
total_updates <- function(m, batch_size, num_epochs) {
  num_epochs * ceiling(m / batch_size)
}

# Standalone permutations: one per epoch from R's RNG (sample.int), the identity when one batch
# holds everything. Returns an m x num_epochs matrix of 0-based indices.
draw_permutations <- function(m, num_epochs, batch_size) {
  if (batch_size >= m) return(matrix(seq_len(m) - 1, nrow = m, ncol = num_epochs))
  matrix(vapply(seq_len(num_epochs), function(epoch) sample.int(m) - 1, numeric(m)), nrow = m)
}

# Standalone dropout masks: for each hidden layer an n_l x width matrix of uniform < keep_prob
# (as 0/1 doubles), drawn layer by layer from R's RNG (runif).
draw_masks <- function(layer_dims, width, keep_prob) {
  hidden_sizes <- layer_dims[-c(1, length(layer_dims))]
  lapply(hidden_sizes, function(n_l) matrix(as.numeric(runif(n_l * width) < keep_prob), nrow = n_l, ncol = width))
}

# The one training loop behind train and train_steps, on inputs check_training_inputs returned:
# params in canonical order, the permutations (m x num_epochs) and the masks (list() when
# keep_prob == 1) given or drawn. Per epoch the scheduled rate, then one update per mini-batch of
# the epoch's permutation, with the masks' columns epoch*m + (the batch's permuted positions) and
# t counting updates from 1 across the run.
# steps NULL (train): every update, then after each epoch the cost on the whole training set
# without dropout but with the L2 term; returns list(params, costs = 1 x num_epochs).
# steps given (train_steps, sorted 0-based update indices; update k has t = k + 1): returns one
# record per step. states empty (recording): every update is computed and the listed ones
# recorded as list(before = list(params, v, s), after = list(params, v, s, grads)). states given
# (forced): update steps[i] starts from states[[i]], the others are skipped (no forward or
# backward pass) while t, the epoch, the batch position and the rate advance as in train;
# records list(after = list(params, v, s, grads)). No epoch costs; the loop ends after the last
# listed update.
training_loop <- function(X, Y, params, options, permutations, masks, steps, states) {
  m <- ncol(X)
  batch_size <- options$batch_size
  hidden_activation <- options$hidden_activation
  output_activation <- options$output_activation
  keep_prob <- options$keep_prob
  lambd <- options$lambd
  dropout <- keep_prob < 1
  stepping <- !is.null(steps)
  forced <- length(states) > 0
  n_steps <- length(steps)
  records <- vector("list", n_steps)
  next_record <- 1

  state <- initialize_optimizer(params, options$optimizer)
  t <- 0
  costs <- matrix(0, nrow = 1, ncol = options$num_epochs)
  for (epoch in seq_len(options$num_epochs) - 1) {
    if (stepping && next_record > n_steps) break
    learning_rate <- scheduled_learning_rate_unchecked(options, epoch)
    mini_batches <- random_mini_batches_unchecked(X, Y, permutations[, epoch + 1], batch_size)
    starts <- mini_batches$ranges[, "start"]
    ends <- mini_batches$ranges[, "end"]
    for (k in seq_along(mini_batches$batches)) {
      t <- t + 1
      listed <- stepping && next_record <= n_steps && steps[next_record] == t - 1
      if (forced && !listed) next
      if (forced) {
        params <- states[[next_record]]$params
        state <- list(v = states[[next_record]]$v, s = states[[next_record]]$s)
      }
      batch <- mini_batches$batches[[k]]
      batch_masks <- list()
      if (dropout) {
        mask_columns <- epoch * m + (starts[k] + 1):ends[k]
        batch_masks <- lapply(masks, function(mask) mask[, mask_columns, drop = FALSE])
      }
      forward <- forward_propagation_unchecked(batch$X, params, hidden_activation, output_activation, keep_prob, batch_masks)
      grads <- backward_propagation_unchecked(forward$AL, batch$Y, forward$caches, hidden_activation, output_activation, lambd, keep_prob)
      step <- update_parameters_unchecked(params, grads, state, options, t, learning_rate)
      if (listed) {
        after <- list(params = step$params, v = step$state$v, s = step$state$s, grads = grads)
        records[[next_record]] <- if (forced) list(after = after) else list(before = list(params = params, v = state$v, s = state$s), after = after)
        next_record <- next_record + 1
      }
      params <- step$params
      state <- step$state
    }
    if (!stepping) {
      caches <- forward_propagation_unchecked(X, params, hidden_activation, output_activation, 1, list())$caches
      costs[1, epoch + 1] <- compute_cost_unchecked(caches[[length(caches)]]$Z, Y, output_activation, params, lambd)
    }
  }
  if (stepping) records else list(params = params, costs = costs)
}

# Train from params (CONTRACT.md item 19): training_loop over every update. Returns
# list(params, costs = 1 x num_epochs), costs after each epoch on the whole training set.
train <- function(X, Y, params, options, permutations, masks) {
  inputs <- check_training_inputs("train", X, Y, params, options, permutations, masks)
  training_loop(X, Y, inputs$params, inputs$options, inputs$permutations, inputs$masks, NULL, list())
}

# Training step by step (CONTRACT.md item 19b): the loop of train, computing only the listed
# updates. steps: S strictly increasing 0-based update indices (a vector or an S x 1 / 1 x S
# matrix). states: NULL / list() (recording) or S records list(params, v, s) (forced), v and s
# named dW1, db1, .... Returns an unnamed list of S records:
#   recording: list(before = list(params, v, s), after = list(params, v, s, grads))
#   forced:    list(after = list(params, v, s, grads))
# params named W1, b1, ...; v, s and grads named dW1, db1, ...
train_steps <- function(X, Y, params, options, permutations, masks, steps, states = NULL) {
  fname <- "train_steps"
  inputs <- check_training_inputs(fname, X, Y, params, options, permutations, masks)
  steps <- check_steps(fname, steps, total_updates(ncol(X), inputs$options$batch_size, inputs$options$num_epochs))
  states <- check_states(fname, states, length(steps), inputs$params)
  training_loop(X, Y, inputs$params, inputs$options, inputs$permutations, inputs$masks, steps, states)
}
