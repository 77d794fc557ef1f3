# Input checks (CONTRACT.md "Internal API": errors and checks). A contract function checks its
# arguments with these once, at the door, then calls its unchecked twin; loops never re-check.
#
# Every rejection stops with the one message format of docs/CONTRACT.md:
#   [R] <function>: '<argument>' must be <expected>; got <actual>
# A check never repairs an argument: a wrongly shaped matrix is refused, never recycled.
# Every check takes (fname, arg, value, ...) first. This file only defines constants and
# functions, so it can be sourced in any order.

HIDDEN_ACTIVATIONS <- c("relu", "leaky_relu", "tanh", "sigmoid")
OUTPUT_ACTIVATIONS <- c("sigmoid", "softmax")
OPTIMIZERS <- c("gd", "momentum", "rmsprop", "adam")
LR_SCHEDULES <- c("none", "exponential", "inverse_time")
INIT_SCHEMES <- c("scaled", "he", "xavier", "book")
GRAD_CHECK_MODES <- c("plain", "full", "fast")

# The options record of CONTRACT.md with its defaults. `seed` is optional: when given, standalone
# training and the "fast" gradient check call set.seed(seed) before drawing from R's own RNG; a
# parity run never needs it because the caller supplies every random draw.
OPTION_DEFAULTS <- list(
  hidden_activation = "relu",
  output_activation = "sigmoid",
  lambd = 0,
  keep_prob = 1,
  optimizer = "gd",
  learning_rate = 0.01,
  beta = 0.9,
  beta1 = 0.9,
  beta2 = 0.999,
  optimizer_epsilon = 1e-8,
  lr_schedule = "none",
  decay_rate = 0,
  batch_size = 64,
  num_epochs = 1,
  grad_check_epsilon = 1e-7,
  grad_check_mode = "full",
  grad_check_directions = 4,
  seed = NULL
)

# Stop with the contract's message; `call. = FALSE` keeps R's own call text out of it.
bad_input <- function(fname, arg, expected, got) {
  stop(sprintf("[R] %s: '%s' must be %s; got %s", fname, arg, expected, got), call. = FALSE)
}

# A short readable account of what was actually passed.
describe_value <- function(value) {
  if (is.null(value)) return("NULL")
  if (is.matrix(value)) return(sprintf("a %dx%d %s matrix", nrow(value), ncol(value), typeof(value)))
  if (is.list(value)) {
    if (length(value) > 0 && !is.null(names(value))) {
      return(sprintf("a list with names {%s}", paste(names(value), collapse = ", ")))
    }
    return(sprintf("a list of length %d", length(value)))
  }
  if (is.character(value) && length(value) == 1) return(sprintf("\"%s\"", value))
  if ((is.numeric(value) || is.logical(value)) && length(value) == 1) return(format(value, digits = 15))
  sprintf("a %s vector of length %d", typeof(value), length(value))
}

# An account of labels for error messages: the distinct values, shortened.
describe_labels <- function(Y) {
  values <- sort(unique(Y[is.finite(Y)]))
  shown <- paste(format(head(values, 6), digits = 15), collapse = ", ")
  if (length(values) > 6) shown <- paste0(shown, ", ...")
  extra <- if (any(!is.finite(Y))) " and non-finite values" else ""
  sprintf("labels {%s}%s", shown, extra)
}

# A name among a fixed set of choices; returns it.
check_choice <- function(fname, arg, value, choices) {
  ok <- is.character(value) && length(value) == 1 && !is.na(value) && value %in% choices
  if (!ok) {
    bad_input(fname, arg, paste0("one of {", paste(choices, collapse = ", "), "}"), describe_value(value))
  }
  as.character(value)
}

# A finite real scalar for which is_ok holds, returned as a plain double.
check_number <- function(fname, arg, value, expected, is_ok) {
  is_scalar <- (is.numeric(value) || is.logical(value)) && length(value) == 1 && !is.list(value)
  if (!(is_scalar && is.finite(value) && is_ok(as.numeric(value)))) {
    bad_input(fname, arg, expected, describe_value(value))
  }
  as.numeric(value)
}

# A whole number >= low (given as an integer or a double), returned as a plain double.
check_integer <- function(fname, arg, value, low) {
  expected <- if (low == 1) "a positive integer" else sprintf("a whole number >= %d", low)
  check_number(fname, arg, value, expected, function(x) x >= low && x == round(x))
}

# A non-empty numeric matrix (finite entries when `finite`; Inf/NaN are allowed in computed
# results); returns it.
check_matrix <- function(fname, arg, value, finite) {
  if (!(is.matrix(value) && is.numeric(value) && length(value) > 0)) {
    bad_input(fname, arg, if (finite) "a finite non-empty numeric matrix" else "a non-empty numeric matrix", describe_value(value))
  }
  if (finite && !all(is.finite(value))) {
    bad_input(fname, arg, "a finite non-empty numeric matrix",
              sprintf("%s with %d non-finite entries", describe_value(value), sum(!is.finite(value))))
  }
  value
}

# The complete options record: defaults filled in, every field checked, unknown fields refused.
check_options <- function(fname, options) {
  if (is.null(options)) options <- list()
  named <- is.list(options) && (length(options) == 0 || (!is.null(names(options)) && all(names(options) != "")))
  if (!named) bad_input(fname, "options", "a named list of option fields", describe_value(options))
  unknown <- setdiff(names(options), names(OPTION_DEFAULTS))
  if (length(unknown) > 0) {
    bad_input(fname, "options", paste0("a named list with fields among {", paste(names(OPTION_DEFAULTS), collapse = ", "), "}"),
              sprintf("unknown field \"%s\"", unknown[1]))
  }
  merged <- OPTION_DEFAULTS
  for (name in names(options)) {
    # Assigning NULL would delete the field; a NULL option simply keeps its default.
    if (!is.null(options[[name]])) merged[[name]] <- options[[name]]
  }
  at_least_zero <- function(x) x >= 0
  in_unit_interval <- function(x) x >= 0 && x < 1
  positive <- function(x) x > 0
  merged$hidden_activation <- check_choice(fname, "hidden_activation", merged$hidden_activation, HIDDEN_ACTIVATIONS)
  merged$output_activation <- check_choice(fname, "output_activation", merged$output_activation, OUTPUT_ACTIVATIONS)
  merged$lambd <- check_number(fname, "lambd", merged$lambd, "a finite number >= 0", at_least_zero)
  merged$keep_prob <- check_number(fname, "keep_prob", merged$keep_prob, "a number in (0, 1]", function(x) x > 0 && x <= 1)
  merged$optimizer <- check_choice(fname, "optimizer", merged$optimizer, OPTIMIZERS)
  merged$learning_rate <- check_number(fname, "learning_rate", merged$learning_rate, "a finite number >= 0", at_least_zero)
  merged$beta <- check_number(fname, "beta", merged$beta, "a number in [0, 1)", in_unit_interval)
  merged$beta1 <- check_number(fname, "beta1", merged$beta1, "a number in [0, 1)", in_unit_interval)
  merged$beta2 <- check_number(fname, "beta2", merged$beta2, "a number in [0, 1)", in_unit_interval)
  merged$optimizer_epsilon <- check_number(fname, "optimizer_epsilon", merged$optimizer_epsilon, "a finite number > 0", positive)
  merged$lr_schedule <- check_choice(fname, "lr_schedule", merged$lr_schedule, LR_SCHEDULES)
  merged$decay_rate <- check_number(fname, "decay_rate", merged$decay_rate, "a finite number >= 0", at_least_zero)
  merged$batch_size <- check_integer(fname, "batch_size", merged$batch_size, 1)
  merged$num_epochs <- check_integer(fname, "num_epochs", merged$num_epochs, 1)
  merged$grad_check_epsilon <- check_number(fname, "grad_check_epsilon", merged$grad_check_epsilon, "a finite number > 0", positive)
  merged$grad_check_mode <- check_choice(fname, "grad_check_mode", merged$grad_check_mode, GRAD_CHECK_MODES)
  merged$grad_check_directions <- check_integer(fname, "grad_check_directions", merged$grad_check_directions, 1)
  if (!is.null(merged$seed)) merged["seed"] <- list(check_integer(fname, "seed", merged$seed, 0))
  merged
}

# Y a 1 x m numeric matrix of labels: 0/1 for a sigmoid output, 0..K-1 for a softmax output.
# n_classes may be NULL when the number of classes is not known to the caller. Returns Y.
check_labels <- function(fname, Y, m, output_activation, n_classes) {
  if (!(is.matrix(Y) && is.numeric(Y) && nrow(Y) == 1 && ncol(Y) == m)) {
    bad_input(fname, "Y", sprintf("a 1x%d numeric matrix (one label per column of X)", m), describe_value(Y))
  }
  if (output_activation == "sigmoid") {
    if (!all(Y %in% c(0, 1))) bad_input(fname, "Y", "labels 0 or 1 for a sigmoid output", describe_labels(Y))
  } else {
    top <- if (is.null(n_classes)) Inf else n_classes - 1
    ok <- all(is.finite(Y)) && all(Y == round(Y)) && all(Y >= 0) && all(Y <= top)
    if (!ok) {
      bad_input(fname, "Y", sprintf("integer labels in 0..%s for a softmax output", format(top)), describe_labels(Y))
    }
  }
  Y
}

# X a finite non-empty n_x x m matrix, Y a 1 x m row of valid labels. Returns list(X, Y).
check_data <- function(fname, X, Y, output_activation, n_classes) {
  X <- check_matrix(fname, "X", X, TRUE)
  Y <- check_labels(fname, Y, ncol(X), output_activation, n_classes)
  list(X = X, Y = Y)
}

# layer_dims: at least two positive whole numbers (a numeric vector, a 1-row matrix or a list).
# Returns them as a plain numeric vector.
check_layer_dims <- function(fname, layer_dims) {
  values <- if (is.list(layer_dims)) unlist(layer_dims, use.names = FALSE) else layer_dims
  ok <- is.numeric(values) && length(values) >= 2 && (!is.list(layer_dims) || length(values) == length(layer_dims)) &&
    all(is.finite(values)) && all(values >= 1) && all(values == round(values))
  if (!ok) bad_input(fname, "layer_dims", "at least two positive integers", describe_value(layer_dims))
  as.numeric(values)
}

# params a named list of exactly W1, b1, ..., WL, bL (any order), Wl of shape n_l x n_{l-1}
# chaining from n_x (NULL: from W1's columns), bl of shape n_l x 1, and an output layer that fits
# output_activation (NULL: not checked). Returns layer_dims.
check_params <- function(fname, params, n_x, output_activation) {
  listing <- "a named list of exactly W1, b1, ..., WL, bL"
  if (!is.list(params) || length(params) == 0 || is.null(names(params))) bad_input(fname, "params", listing, describe_value(params))
  L <- length(params) %/% 2
  if (length(params) %% 2 != 0 || !setequal(names(params), parameter_names(L)) || anyDuplicated(names(params))) {
    bad_input(fname, "params", listing, describe_value(params))
  }
  first <- params[["W1"]]
  n_prev <- if (is.null(n_x)) (if (is.matrix(first)) ncol(first) else 0) else n_x
  layer_dims <- n_prev
  for (l in seq_len(L)) {
    W <- params[[sprintf("W%d", l)]]
    b <- params[[sprintf("b%d", l)]]
    W_arg <- sprintf("params$W%d", l)
    if (!(is.matrix(W) && is.numeric(W) && length(W) > 0)) bad_input(fname, W_arg, "a non-empty numeric matrix", describe_value(W))
    if (ncol(W) != n_prev) {
      source_text <- if (l == 1) "the rows of X" else sprintf("the rows of W%d", l - 1)
      bad_input(fname, W_arg, sprintf("a matrix with %d columns (%s)", n_prev, source_text), describe_value(W))
    }
    if (!(is.matrix(b) && is.numeric(b) && nrow(b) == nrow(W) && ncol(b) == 1)) {
      bad_input(fname, sprintf("params$b%d", l), sprintf("a %dx1 matrix (the rows of W%d)", nrow(W), l), describe_value(b))
    }
    n_prev <- nrow(W)
    layer_dims <- c(layer_dims, n_prev)
  }
  out_arg <- sprintf("params$W%d", L)
  if (identical(output_activation, "sigmoid") && n_prev != 1) {
    bad_input(fname, out_arg, "a matrix with 1 row for a sigmoid output", describe_value(params[[sprintf("W%d", L)]]))
  }
  if (identical(output_activation, "softmax") && n_prev < 2) {
    bad_input(fname, out_arg, "a matrix with at least 2 rows for a softmax output", describe_value(params[[sprintf("W%d", L)]]))
  }
  layer_dims
}

# One 0/1 mask of shape n_l x width per hidden layer when keep_prob < 1 (width = m for one pass,
# m * num_epochs for training), returned as double matrices. With keep_prob == 1 the masks are
# ignored: returns list().
check_masks <- function(fname, masks, layer_dims, width, keep_prob) {
  if (keep_prob == 1) return(list())
  n_hidden <- length(layer_dims) - 2
  if (n_hidden == 0 && length(masks) == 0) return(list())
  if (!is.list(masks) || length(masks) != n_hidden) {
    bad_input(fname, "masks", sprintf("a list of %d mask matrices (one per hidden layer) when keep_prob < 1", n_hidden), describe_value(masks))
  }
  for (l in seq_len(n_hidden)) {
    mask <- masks[[l]]
    mask_arg <- sprintf("masks[[%d]]", l)
    if (!(is.matrix(mask) && (is.numeric(mask) || is.logical(mask)) && nrow(mask) == layer_dims[l + 1] && ncol(mask) == width)) {
      bad_input(fname, mask_arg, sprintf("a %dx%d matrix", layer_dims[l + 1], width), describe_value(mask))
    }
    if (anyNA(mask) || !all(mask == 0 | mask == 1)) bad_input(fname, mask_arg, "a mask of 0/1 entries", "other values")
  }
  lapply(masks, function(mask) mask + 0)
}

# An m x num_epochs matrix whose every column is a 0-based permutation of 0..m-1 (returned as a
# double matrix); NULL for an empty argument (standalone mode: drawn by check_training_inputs).
check_permutations <- function(fname, permutations, m, num_epochs) {
  if (length(permutations) == 0) return(NULL)
  if (!(is.matrix(permutations) && is.numeric(permutations) && nrow(permutations) == m && ncol(permutations) == num_epochs)) {
    bad_input(fname, "permutations", sprintf("a %dx%d matrix (one column per epoch)", m, num_epochs), describe_value(permutations))
  }
  for (epoch in seq_len(num_epochs)) {
    # m whole numbers in 0..m-1 without a repeat.
    column <- permutations[, epoch]
    if (anyNA(column) || !all(column == round(column)) || min(column) < 0 || max(column) > m - 1 || anyDuplicated(column)) {
      bad_input(fname, "permutations", sprintf("columns that are permutations of 0..%d", m - 1), sprintf("column %d (0-based) that is not one", epoch - 1))
    }
  }
  permutations + 0
}

# The fast gradient check's directions: a P x K matrix (K >= 1) of -1/+1 entries, column k one
# direction over the whole flat vector (P = n_params). Returns NULL for an empty argument (drawn
# by the caller).
check_directions <- function(fname, directions, n_params) {
  if (length(directions) == 0) return(NULL)
  if (!(is.matrix(directions) && is.numeric(directions) && nrow(directions) == n_params && ncol(directions) >= 1)) {
    bad_input(fname, "directions", sprintf("a %dxK numeric matrix, K >= 1 (one column per direction)", n_params), describe_value(directions))
  }
  if (anyNA(directions) || !all(directions == 1 | directions == -1)) bad_input(fname, "directions", "a matrix of -1/+1 entries", "other values")
  directions + 0
}

# steps: S >= 0 strictly increasing 0-based update indices in 0..n_updates-1, as a numeric
# vector or an S x 1 / 1 x S matrix. Returns a plain numeric vector.
check_steps <- function(fname, steps, n_updates) {
  shape_ok <- is.numeric(steps) && !is.list(steps) &&
    (length(dim(steps)) <= 1 || (length(dim(steps)) == 2 && (ncol(steps) == 1 || nrow(steps) == 1)))
  if (!shape_ok) {
    bad_input(fname, "steps", "a numeric vector or an Sx1 / 1xS matrix of 0-based update indices", describe_value(steps))
  }
  values <- as.numeric(steps)
  in_range <- !is.na(values) & is.finite(values) & values == round(values) & values >= 0 & values <= n_updates - 1
  if (!all(in_range)) {
    bad <- values[!in_range][1]
    bad_input(fname, "steps", sprintf("whole numbers in 0..%d (0-based updates of the run: num_epochs x batches per epoch = %d)", n_updates - 1, n_updates),
              sprintf("%s at position %d", describe_value(bad), which(!in_range)[1]))
  }
  if (length(values) > 1 && any(diff(values) <= 0)) {
    position <- which(diff(values) <= 0)[1]
    bad_input(fname, "steps", "strictly increasing", sprintf("%s then %s at positions %d, %d", format(values[position], digits = 15),
                                                          format(values[position + 1], digits = 15), position, position + 1))
  }
  values
}

# states: empty (NULL or list()) for recording, else a list of n_steps records list(params, v, s)
# whose params have the names and shapes of `params` (W1, b1, ... in canonical order) and whose v,
# s are named like the gradients (dW1, db1, ...) with the same shapes. Returns list() or the
# records with their tensors in canonical order.
check_states <- function(fname, states, n_steps, params) {
  if (length(states) == 0) return(list())
  if (!(is.list(states) && !is.data.frame(states) && length(states) == n_steps)) {
    bad_input(fname, "states", sprintf("empty (recording) or a list of %d records list(params, v, s), one per step", n_steps), describe_value(states))
  }
  names <- names(params)
  grad_names <- paste0("d", names)
  # x: a named list of exactly `wanted`, tensor i of the shape of params[[i]].
  check_like <- function(x, wanted, arg) {
    if (!(is.list(x) && length(x) == length(wanted) && !is.null(names(x)) && setequal(names(x), wanted))) {
      bad_input(fname, arg, sprintf("a named list of exactly %s", paste(wanted, collapse = ", ")), describe_value(x))
    }
    for (i in seq_along(wanted)) {
      tensor <- x[[wanted[i]]]
      if (!(is.matrix(tensor) && is.numeric(tensor) && identical(dim(tensor), dim(params[[i]])))) {
        bad_input(fname, sprintf("%s$%s", arg, wanted[i]), sprintf("a %dx%d numeric matrix", nrow(params[[i]]), ncol(params[[i]])), describe_value(tensor))
      }
    }
    x[wanted]
  }
  lapply(seq_len(n_steps), function(i) {
    state <- states[[i]]
    state_arg <- sprintf("states[[%d]]", i)
    if (!(is.list(state) && !is.null(names(state)) && setequal(names(state), c("params", "v", "s")) && length(state) == 3)) {
      bad_input(fname, state_arg, "a list with exactly the fields params, v, s", describe_value(state))
    }
    list(params = check_like(state$params, names, paste0(state_arg, "$params")),
         v = check_like(state$v, grad_names, paste0(state_arg, "$v")),
         s = check_like(state$s, grad_names, paste0(state_arg, "$s")))
  })
}

# Everything train and train_steps share: the options, the data, the parameters, the permutations
# and the masks, with the standalone draws done here (after set.seed(options$seed) when a seed is
# given: the permutations first, then the masks). Returns list(options (complete), layer_dims,
# params (canonical order), permutations (m x num_epochs), masks (list() when keep_prob == 1)).
check_training_inputs <- function(fname, X, Y, params, options, permutations, masks) {
  options <- check_options(fname, options)
  X <- check_matrix(fname, "X", X, TRUE)
  layer_dims <- check_params(fname, params, nrow(X), options$output_activation)
  check_labels(fname, Y, ncol(X), options$output_activation, layer_dims[length(layer_dims)])
  m <- ncol(X)
  num_epochs <- options$num_epochs
  permutations <- check_permutations(fname, permutations, m, num_epochs)
  drawn_masks <- options$keep_prob < 1 && length(masks) == 0
  masks <- if (drawn_masks) list() else check_masks(fname, masks, layer_dims, m * num_epochs, options$keep_prob)
  if ((is.null(permutations) || drawn_masks) && !is.null(options$seed)) set.seed(options$seed)
  if (is.null(permutations)) permutations <- draw_permutations(m, num_epochs, options$batch_size)
  if (drawn_masks) masks <- draw_masks(layer_dims, m * num_epochs, options$keep_prob)
  list(options = options, layer_dims = layer_dims, params = params[parameter_names(length(layer_dims) - 1)],
       permutations = permutations, masks = masks)
}

parameter_names <- function(L) {
  if (L < 1) return(character(0))
  paste0(c("W", "b"), rep(seq_len(L), each = 2))
}

# The names of networks up to 50 layers deep, built once: backward_propagation names its
# gradients at every training step, and paste0 took ~2 us of each (~1% of a step).
GRADIENT_NAMES <- paste0(c("dW", "db"), rep(seq_len(50), each = 2))

gradient_names <- function(L) {
  if (L < 1) return(character(0))
  if (L <= 50) return(GRADIENT_NAMES[seq_len(2 * L)])
  paste0(c("dW", "db"), rep(seq_len(L), each = 2))
}

# The arguments of dropout_forward / dropout_backward: `arg` a numeric matrix, `mask` a matrix of
# its shape (never recycled), keep_prob in (0, 1]. Cheap checks: the training loop calls them once
# per hidden layer and update.
check_dropout <- function(fname, arg, A, mask, keep_prob) {
  if (!(is.matrix(A) && is.numeric(A) && length(A) > 0)) check_matrix(fname, arg, A, FALSE)
  if (!(is.matrix(mask) && (is.numeric(mask) || is.logical(mask)) && nrow(mask) == nrow(A) && ncol(mask) == ncol(A))) {
    bad_input(fname, "mask", sprintf("a %dx%d matrix (the shape of %s)", nrow(A), ncol(A), arg), describe_value(mask))
  }
  if (!(is.numeric(keep_prob) && length(keep_prob) == 1 && !is.na(keep_prob) && keep_prob > 0 && keep_prob <= 1)) {
    check_number(fname, "keep_prob", keep_prob, "a number in (0, 1]", function(x) x > 0 && x <= 1)
  }
  invisible(keep_prob)
}
