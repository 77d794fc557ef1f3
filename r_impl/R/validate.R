# Input checks shared by every public function.
#
# Every rejection stops with the one message format of docs/CONTRACT.md:
#   [R] <function>: '<argument>' must be <expected>; got <actual>
# A check never repairs an argument: a wrongly shaped matrix is refused, never recycled.
# This file only defines constants and functions, so it can be sourced in any order.

HIDDEN_ACTIVATIONS <- c("relu", "leaky_relu", "tanh", "sigmoid")
OUTPUT_ACTIVATIONS <- c("sigmoid", "softmax")
OPTIMIZERS <- c("gd", "momentum", "rmsprop", "adam")
LR_SCHEDULES <- c("none", "exponential", "inverse_time")
INIT_SCHEMES <- c("scaled", "he", "xavier", "book")
GRAD_CHECK_MODES <- c("plain", "full", "fast")

# The options record of CONTRACT.md with its defaults. grad_check_mode and grad_check_directions
# belong to fast gradient checking (issue #5). `seed` is optional and R-only in meaning: when
# given, standalone training and the "fast" gradient check call set.seed(seed) before drawing
# from R's own RNG; a parity run never needs it because the caller supplies every random draw.
default_options <- function() {
  list(
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
}

# Stop with the contract's message; `call. = FALSE` keeps R's own call text out of it.
bad_input <- function(fname, arg, expected, got) {
  stop(sprintf("[R] %s: '%s' must be %s; got %s", fname, arg, expected, got), call. = FALSE)
}

# A short readable account of what was actually passed.
describe_value <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.matrix(x)) return(sprintf("a %dx%d %s matrix", nrow(x), ncol(x), typeof(x)))
  if (is.list(x)) {
    if (length(x) > 0 && !is.null(names(x))) {
      return(sprintf("a list with names {%s}", paste(names(x), collapse = ", ")))
    }
    return(sprintf("a list of length %d", length(x)))
  }
  if (is.character(x) && length(x) == 1) return(sprintf("\"%s\"", x))
  if ((is.numeric(x) || is.logical(x)) && length(x) == 1) return(format(x, digits = 15))
  sprintf("a %s vector of length %d", typeof(x), length(x))
}

is_empty_argument <- function(x) {
  is.null(x) || length(x) == 0
}

is_whole_number <- function(x) {
  is.finite(x) && x == round(x)
}

# A name among a fixed set of choices.
check_choice <- function(value, choices, arg, fname) {
  ok <- is.character(value) && length(value) == 1 && !is.na(value) && value %in% choices
  if (!ok) {
    bad_input(fname, arg, paste0("one of {", paste(choices, collapse = ", "), "}"), describe_value(value))
  }
  as.character(value)
}

# A finite number for which `ok` holds, returned as a plain double.
check_number <- function(value, arg, fname, expected, ok = function(x) TRUE) {
  is_scalar <- (is.numeric(value) || is.logical(value)) && length(value) == 1 && !is.list(value)
  if (!(is_scalar && is.finite(value) && ok(as.numeric(value)))) {
    bad_input(fname, arg, expected, describe_value(value))
  }
  as.numeric(value)
}

check_positive_integer <- function(value, arg, fname) {
  check_number(value, arg, fname, "a positive integer", function(x) x >= 1 && is_whole_number(x))
}

check_keep_prob <- function(keep_prob, fname) {
  check_number(keep_prob, "keep_prob", fname, "a number in (0, 1]", function(x) x > 0 && x <= 1)
}

check_lambd <- function(lambd, fname) {
  check_number(lambd, "lambd", fname, "a finite number >= 0", function(x) x >= 0)
}

# The complete options record: defaults filled in, every field checked, unknown fields refused.
check_options <- function(options, fname = "check_options") {
  if (is.null(options)) options <- list()
  named <- is.list(options) && (length(options) == 0 || (!is.null(names(options)) && all(names(options) != "")))
  if (!named) bad_input(fname, "options", "a named list of option fields", describe_value(options))
  defaults <- default_options()
  unknown <- setdiff(names(options), names(defaults))
  if (length(unknown) > 0) {
    bad_input(fname, "options", paste0("a named list with fields among {", paste(names(defaults), collapse = ", "), "}"),
              sprintf("unknown field \"%s\"", unknown[1]))
  }
  merged <- defaults
  for (name in names(options)) {
    # Assigning NULL would delete the field; a NULL option simply keeps its default.
    if (!is.null(options[[name]])) merged[[name]] <- options[[name]]
  }
  merged$hidden_activation <- check_choice(merged$hidden_activation, HIDDEN_ACTIVATIONS, "hidden_activation", fname)
  merged$output_activation <- check_choice(merged$output_activation, OUTPUT_ACTIVATIONS, "output_activation", fname)
  merged$lambd <- check_lambd(merged$lambd, fname)
  merged$keep_prob <- check_keep_prob(merged$keep_prob, fname)
  merged$optimizer <- check_choice(merged$optimizer, OPTIMIZERS, "optimizer", fname)
  merged$learning_rate <- check_number(merged$learning_rate, "learning_rate", fname, "a finite number >= 0", function(x) x >= 0)
  merged$beta <- check_number(merged$beta, "beta", fname, "a number in [0, 1)", function(x) x >= 0 && x < 1)
  merged$beta1 <- check_number(merged$beta1, "beta1", fname, "a number in [0, 1)", function(x) x >= 0 && x < 1)
  merged$beta2 <- check_number(merged$beta2, "beta2", fname, "a number in [0, 1)", function(x) x >= 0 && x < 1)
  merged$optimizer_epsilon <- check_number(merged$optimizer_epsilon, "optimizer_epsilon", fname, "a finite number > 0", function(x) x > 0)
  merged$lr_schedule <- check_choice(merged$lr_schedule, LR_SCHEDULES, "lr_schedule", fname)
  merged$decay_rate <- check_number(merged$decay_rate, "decay_rate", fname, "a finite number >= 0", function(x) x >= 0)
  merged$batch_size <- check_positive_integer(merged$batch_size, "batch_size", fname)
  merged$num_epochs <- check_positive_integer(merged$num_epochs, "num_epochs", fname)
  merged$grad_check_epsilon <- check_number(merged$grad_check_epsilon, "grad_check_epsilon", fname, "a finite number > 0", function(x) x > 0)
  merged$grad_check_mode <- check_choice(merged$grad_check_mode, GRAD_CHECK_MODES, "grad_check_mode", fname)
  merged$grad_check_directions <- check_positive_integer(merged$grad_check_directions, "grad_check_directions", fname)
  if (!is.null(merged$seed)) {
    merged["seed"] <- list(check_number(merged$seed, "seed", fname, "a whole number >= 0", function(x) x >= 0 && is_whole_number(x)))
  }
  merged
}

# A non-empty numeric matrix (finite when asked); Inf/NaN are allowed in computed results.
check_numeric_matrix <- function(x, arg, fname, finite = FALSE) {
  expected <- if (finite) "a finite non-empty numeric matrix" else "a non-empty numeric matrix"
  if (!(is.matrix(x) && is.numeric(x) && length(x) > 0)) bad_input(fname, arg, expected, describe_value(x))
  if (finite && !all(is.finite(x))) {
    bad_input(fname, arg, expected, sprintf("%s with %d non-finite entries", describe_value(x), sum(!is.finite(x))))
  }
  invisible(x)
}

# A matrix of exactly the given shape: never broadcast, never recycled.
check_shape <- function(x, n_rows, n_cols, arg, fname) {
  if (!(is.matrix(x) && is.numeric(x) && nrow(x) == n_rows && ncol(x) == n_cols)) {
    bad_input(fname, arg, sprintf("a %dx%d numeric matrix", n_rows, n_cols), describe_value(x))
  }
  invisible(x)
}

# An account of labels for error messages: the distinct values, shortened.
describe_labels <- function(Y) {
  values <- sort(unique(Y[is.finite(Y)]))
  shown <- paste(format(head(values, 6), digits = 15), collapse = ", ")
  if (length(values) > 6) shown <- paste0(shown, ", ...")
  extra <- if (any(!is.finite(Y))) " and non-finite values" else ""
  sprintf("labels {%s}%s", shown, extra)
}

# Y a 1 x m numeric matrix of labels: 0/1 for a sigmoid output, 0..K-1 for a softmax output.
# n_classes may be NULL when the number of classes is not known to the caller.
check_labels <- function(Y, m, output_activation, n_classes, fname) {
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
  invisible(Y)
}

# X a finite non-empty n_x x m matrix, Y a 1 x m row of valid labels.
check_data <- function(X, Y, output_activation, n_classes, fname = "check_data") {
  check_numeric_matrix(X, "X", fname, finite = TRUE)
  check_labels(Y, ncol(X), output_activation, n_classes, fname)
  invisible(TRUE)
}

parameter_names <- function(L) {
  as.vector(rbind(paste0("W", seq_len(L)), paste0("b", seq_len(L))))
}

gradient_names <- function(L) {
  paste0("d", parameter_names(L))
}

# The gradient's name for a parameter: "W1" -> "dW1".
gradient_name <- function(parameter_name) {
  paste0("d", parameter_name)
}

# params a named list of exactly W1, b1, ..., WL, bL (prefix "d": dW1, db1, ... for gradients),
# Wl of shape n_l x n_{l-1} chaining from n_x (NULL: from W1's columns), bl of shape n_l x 1,
# and an output layer that fits output_activation (NULL: not checked). Returns layer_dims.
check_params <- function(params, n_x, output_activation, fname = "check_params", arg = "params", prefix = "") {
  listing <- sprintf("a named list of exactly %sW1, %sb1, ..., %sWL, %sbL", prefix, prefix, prefix, prefix)
  if (!is.list(params) || length(params) == 0 || is.null(names(params))) bad_input(fname, arg, listing, describe_value(params))
  L <- length(params) %/% 2
  if (length(params) %% 2 != 0 || !setequal(names(params), paste0(prefix, parameter_names(L))) || anyDuplicated(names(params))) {
    bad_input(fname, arg, listing, describe_value(params))
  }
  first <- params[[paste0(prefix, "W1")]]
  n_prev <- if (is.null(n_x)) (if (is.matrix(first)) ncol(first) else 0) else n_x
  layer_dims <- n_prev
  for (l in seq_len(L)) {
    W_name <- sprintf("%sW%d", prefix, l)
    b_name <- sprintf("%sb%d", prefix, l)
    W <- params[[W_name]]
    b <- params[[b_name]]
    W_arg <- sprintf("%s$%s", arg, W_name)
    if (!(is.matrix(W) && is.numeric(W) && length(W) > 0)) bad_input(fname, W_arg, "a non-empty numeric matrix", describe_value(W))
    if (ncol(W) != n_prev) {
      source_text <- if (l == 1) "the rows of X" else sprintf("the rows of %sW%d", prefix, l - 1)
      bad_input(fname, W_arg, sprintf("a matrix with %d columns (%s)", n_prev, source_text), describe_value(W))
    }
    if (!(is.matrix(b) && is.numeric(b) && nrow(b) == nrow(W) && ncol(b) == 1)) {
      bad_input(fname, sprintf("%s$%s", arg, b_name), sprintf("a %dx1 matrix (the rows of %s)", nrow(W), W_name), describe_value(b))
    }
    n_prev <- nrow(W)
    layer_dims <- c(layer_dims, n_prev)
  }
  out_arg <- sprintf("%s$%sW%d", arg, prefix, L)
  if (identical(output_activation, "sigmoid") && n_prev != 1) {
    bad_input(fname, out_arg, "a matrix with 1 row for a sigmoid output", describe_value(params[[paste0(prefix, "W", L)]]))
  }
  if (identical(output_activation, "softmax") && n_prev < 2) {
    bad_input(fname, out_arg, "a matrix with at least 2 rows for a softmax output", describe_value(params[[paste0(prefix, "W", L)]]))
  }
  layer_dims
}

# layer_dims: at least two positive whole numbers (a numeric vector, a 1-row matrix or a list).
check_layer_dims <- function(layer_dims, fname, arg = "layer_dims") {
  expected <- "at least two positive integers"
  values <- if (is.list(layer_dims)) unlist(layer_dims, use.names = FALSE) else layer_dims
  ok <- is.numeric(values) && length(values) >= 2 && (!is.list(layer_dims) || length(values) == length(layer_dims)) &&
    all(is.finite(values)) && all(values >= 1) && all(values == round(values))
  if (!ok) bad_input(fname, arg, expected, describe_value(layer_dims))
  as.numeric(values)
}

# One 0/1 mask of shape n_l x width per hidden layer when keep_prob < 1 (width = m for one pass,
# m * num_epochs for training). With keep_prob == 1 the masks are ignored: returns list().
check_masks <- function(masks, layer_dims, width, keep_prob, fname = "check_masks", arg = "masks") {
  if (keep_prob == 1) return(list())
  n_hidden <- length(layer_dims) - 2
  if (n_hidden == 0 && is_empty_argument(masks)) return(list())
  if (!is.list(masks) || length(masks) != n_hidden) {
    bad_input(fname, arg, sprintf("a list of %d mask matrices (one per hidden layer) when keep_prob < 1", n_hidden), describe_value(masks))
  }
  for (l in seq_len(n_hidden)) {
    mask <- masks[[l]]
    mask_arg <- sprintf("%s[[%d]]", arg, l)
    if (!(is.matrix(mask) && (is.numeric(mask) || is.logical(mask)) && nrow(mask) == layer_dims[l + 1] && ncol(mask) == width)) {
      bad_input(fname, mask_arg, sprintf("a %dx%d matrix", layer_dims[l + 1], width), describe_value(mask))
    }
    if (anyNA(mask) || !all(mask == 0 | mask == 1)) bad_input(fname, mask_arg, "a mask of 0/1 entries", "other values")
  }
  lapply(masks, function(mask) mask + 0)
}

# The fast gradient check's directions: a P x K matrix (K >= 1) of -1/+1 entries, column k one
# direction over the whole flat vector. Returns NULL for an empty argument (drawn by the caller).
check_directions <- function(directions, n_values, fname = "check_directions", arg = "directions") {
  if (is_empty_argument(directions)) return(NULL)
  if (!(is.matrix(directions) && is.numeric(directions) && nrow(directions) == n_values && ncol(directions) >= 1)) {
    bad_input(fname, arg, sprintf("a %dxK numeric matrix, K >= 1 (one column per direction)", n_values), describe_value(directions))
  }
  if (anyNA(directions) || !all(directions == 1 | directions == -1)) bad_input(fname, arg, "a matrix of -1/+1 entries", "other values")
  directions + 0
}

# A 0-based permutation of 0..m-1, given as a vector or a one-column matrix.
is_permutation <- function(p, m) {
  length(p) == m && !anyNA(p) && identical(sort(as.numeric(p)), as.numeric(seq_len(m) - 1))
}

# An m x num_epochs matrix whose every column is a 0-based permutation of 0..m-1.
# Returns NULL for an empty argument (standalone mode: the caller draws its own).
check_permutations <- function(permutations, m, num_epochs, fname = "check_permutations", arg = "permutations") {
  if (is_empty_argument(permutations)) return(NULL)
  if (!(is.matrix(permutations) && is.numeric(permutations) && nrow(permutations) == m && ncol(permutations) == num_epochs)) {
    bad_input(fname, arg, sprintf("a %dx%d matrix (one column per epoch)", m, num_epochs), describe_value(permutations))
  }
  for (epoch in seq_len(num_epochs)) {
    if (!is_permutation(permutations[, epoch], m)) {
      bad_input(fname, arg, sprintf("columns that are permutations of 0..%d", m - 1), sprintf("column %d (0-based) that is not one", epoch - 1))
    }
  }
  permutations
}
