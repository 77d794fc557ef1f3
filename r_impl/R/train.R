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

# The checks that train and train_steps share. Returns list(options, layer_dims, permutations,
# masks) with options completed, permutations NULL in standalone mode and masks list() when
# they are not used (keep_prob == 1) or drawn by the loop (keep_prob < 1 and none given).
check_training_inputs <- function(X, Y, params, options, permutations, masks, fname) {
  options <- check_options(options, fname)
  check_numeric_matrix(X, "X", fname, finite = TRUE)
  layer_dims <- check_params(params, nrow(X), options$output_activation, fname)
  check_labels(Y, ncol(X), options$output_activation, layer_dims[length(layer_dims)], fname)
  m <- ncol(X)
  num_epochs <- options$num_epochs
  permutations <- check_permutations(permutations, m, num_epochs, fname)
  drawn_masks <- options$keep_prob < 1 && is_empty_argument(masks)
  masks <- if (drawn_masks) list() else check_masks(masks, layer_dims, m * num_epochs, options$keep_prob, fname)
  list(options = options, layer_dims = layer_dims, permutations = permutations, masks = masks)
}

# The number of updates of a whole run: num_epochs x ceiling(m / batch_size).
total_updates <- function(m, options) {
  options$num_epochs * ceiling(m / options$batch_size)
}

# steps: S >= 0 strictly increasing 0-based update indices in 0..n_updates-1, as a numeric
# vector or an S x 1 / 1 x S matrix. Returns a plain numeric vector.
check_steps <- function(steps, n_updates, fname, arg = "steps") {
  shape_ok <- is.numeric(steps) && !is.list(steps) &&
    (length(dim(steps)) <= 1 || (length(dim(steps)) == 2 && (ncol(steps) == 1 || nrow(steps) == 1)))
  if (!shape_ok) {
    bad_input(fname, arg, "a numeric vector or an Sx1 / 1xS matrix of 0-based update indices", describe_value(steps))
  }
  values <- as.numeric(steps)
  in_range <- !is.na(values) & is.finite(values) & values == round(values) & values >= 0 & values <= n_updates - 1
  if (!all(in_range)) {
    bad <- values[!in_range][1]
    bad_input(fname, arg, sprintf("whole numbers in 0..%d (0-based updates of the run: num_epochs x batches per epoch = %d)", n_updates - 1, n_updates),
              sprintf("%s at position %d", describe_value(bad), which(!in_range)[1]))
  }
  if (length(values) > 1 && any(diff(values) <= 0)) {
    position <- which(diff(values) <= 0)[1]
    bad_input(fname, arg, "strictly increasing", sprintf("%s then %s at positions %d, %d", format(values[position], digits = 15),
                                                        format(values[position + 1], digits = 15), position, position + 1))
  }
  values
}

# x a named list of exactly the tensors `names`, each of the shape of the matching tensor of params
# (names[i] goes with params[[i]]).
check_tensors_like <- function(x, names, params, arg, fname) {
  if (!(is.list(x) && length(x) == length(names) && !is.null(names(x)) && setequal(names(x), names))) {
    bad_input(fname, arg, sprintf("a named list of exactly %s", paste(names, collapse = ", ")), describe_value(x))
  }
  for (i in seq_along(names)) {
    check_shape(x[[names[i]]], nrow(params[[i]]), ncol(params[[i]]), sprintf("%s$%s", arg, names[i]), fname)
  }
  invisible(x)
}

# states: empty (NULL or list()) for recording, else a list of n_steps records list(params, v, s)
# whose params have the names and shapes of the training parameters and whose v, s are named like
# the gradients (dW1, db1, ...) with the same shapes. Returns list() or the records with their
# tensors in the order W1, b1, ... / dW1, db1, ....
check_states <- function(states, n_steps, params, fname, arg = "states") {
  if (is_empty_argument(states)) return(list())
  if (!(is.list(states) && !is.data.frame(states) && length(states) == n_steps)) {
    bad_input(fname, arg, sprintf("empty (recording) or a list of %d records list(params, v, s), one per step", n_steps), describe_value(states))
  }
  names <- names(params)
  lapply(seq_len(n_steps), function(i) {
    state <- states[[i]]
    state_arg <- sprintf("%s[[%d]]", arg, i)
    if (!(is.list(state) && !is.null(names(state)) && setequal(names(state), c("params", "v", "s")) && length(state) == 3)) {
      bad_input(fname, state_arg, "a list with exactly the fields params, v, s", describe_value(state))
    }
    check_tensors_like(state$params, names, params, paste0(state_arg, "$params"), fname)
    for (part in c("v", "s")) check_tensors_like(state[[part]], gradient_name(names), params, paste0(state_arg, "$", part), fname)
    list(params = state$params[names], v = state$v[gradient_name(names)], s = state$s[gradient_name(names)])
  })
}

# The one training loop behind train and train_steps (inputs already checked). Per epoch the
# scheduled rate, the permutation and the masks, then one update per mini-batch with t counting
# updates from 1 across the run. Standalone mode (NULL permutations / empty masks with
# keep_prob < 1) draws from R's RNG, after set.seed(options$seed) when options$seed is given;
# per epoch the permutation first, then one mask per hidden layer.
# steps NULL (train): every update, then after each epoch the cost on the whole training set
# without dropout but with the L2 term; returns list(params, costs = 1 x num_epochs).
# steps given (train_steps, sorted 0-based update indices; update k has t = k + 1): returns one
# record per step. states empty (recording): every update is computed and the listed ones
# recorded as list(before = list(params, v, s), after = list(params, v, s, grads)). states given
# (forced): update steps[i] starts from states[[i]], the others are skipped (no forward or
# backward pass) while t, the epoch, the batch position and the rate advance as in train;
# records list(after = list(params, v, s, grads)). No epoch costs; the loop ends after the last
# listed update.
training_loop <- function(X, Y, params, options, permutations, masks, steps = NULL, states = list()) {
  if (!is.null(options$seed)) set.seed(options$seed)
  m <- ncol(X)
  L <- length(params) %/% 2
  layer_dims <- c(nrow(X), vapply(seq_len(L), function(l) nrow(params[[paste0("W", l)]]), numeric(1)))
  stepping <- !is.null(steps)
  forced <- length(states) > 0
  records <- vector("list", length(steps))
  next_record <- 1

  params <- params[parameter_names(L)]
  state <- initialize_optimizer(params, options$optimizer)
  t <- 0
  costs <- matrix(0, nrow = 1, ncol = options$num_epochs)
  for (epoch in seq_len(options$num_epochs) - 1) {
    if (stepping && next_record > length(steps)) break
    learning_rate <- scheduled_learning_rate(options, epoch)
    permutation <- epoch_permutation(permutations, epoch, m, options$batch_size)
    this_epoch_masks <- epoch_masks(masks, epoch, m, layer_dims, options$keep_prob)
    mini_batches <- random_mini_batches(X, Y, permutation, options$batch_size)
    for (k in seq_along(mini_batches$batches)) {
      t <- t + 1
      listed <- stepping && next_record <= length(steps) && steps[next_record] == t - 1
      if (forced && !listed) next
      if (forced) {
        params <- states[[next_record]]$params
        state <- list(v = states[[next_record]]$v, s = states[[next_record]]$s)
      }
      batch <- mini_batches$batches[[k]]
      masks_k <- batch_masks(this_epoch_masks, mini_batches$ranges[k, "start"], mini_batches$ranges[k, "end"])
      forward <- forward_propagation(batch$X, params, options$hidden_activation, options$output_activation, options$keep_prob, masks_k)
      grads <- backward_propagation(forward$AL, batch$Y, forward$caches, options$hidden_activation, options$output_activation, options$lambd, options$keep_prob)
      step <- update_parameters(params, grads, state, options, t, learning_rate)
      if (listed) {
        after <- list(params = step$params, v = step$state$v, s = step$state$s, grads = grads)
        records[[next_record]] <- if (forced) list(after = after) else list(before = list(params = params, v = state$v, s = state$s), after = after)
        next_record <- next_record + 1
      }
      params <- step$params
      state <- step$state
    }
    if (!stepping) {
      caches <- forward_propagation(X, params, options$hidden_activation, options$output_activation, 1, list())$caches
      costs[1, epoch + 1] <- compute_cost(caches[[length(caches)]]$Z, Y, options$output_activation, params, options$lambd)
    }
  }
  if (stepping) records else list(params = params, costs = costs)
}

# Train from params (CONTRACT.md item 19): training_loop over every update. Returns
# list(params, costs = 1 x num_epochs), costs after each epoch on the whole training set.
train <- function(X, Y, params, options, permutations, masks) {
  inputs <- check_training_inputs(X, Y, params, options, permutations, masks, "train")
  training_loop(X, Y, params, inputs$options, inputs$permutations, inputs$masks)
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
  inputs <- check_training_inputs(X, Y, params, options, permutations, masks, fname)
  steps <- check_steps(steps, total_updates(ncol(X), inputs$options), fname)
  params <- params[parameter_names(length(inputs$layer_dims) - 1)]
  states <- check_states(states, length(steps), params, fname)
  training_loop(X, Y, params, inputs$options, inputs$permutations, inputs$masks, steps, states)
}
