# Forward propagation (SPEC.md "Forward"), one layer concept per function.
# Every function also works on a "batch" of several passes laid side by side as column blocks,
# which the gradient check uses to evaluate many perturbed networks in one matrix product.
# Each layer function checks its arguments and calls its unchecked twin, which
# forward_propagation_unchecked and the gradient check call directly (inputs checked once).

# Z = W A_prev + b, with b added to every column. Returns list(Z, cache = list(A_prev, W, b)).
linear_forward <- function(A_prev, W, b) {
  fname <- "linear_forward"
  if (!(is.matrix(A_prev) && is.numeric(A_prev) && length(A_prev) > 0)) check_matrix(fname, "A_prev", A_prev, FALSE)
  if (!(is.matrix(W) && is.numeric(W) && length(W) > 0 && ncol(W) == nrow(A_prev))) {
    bad_input(fname, "W", sprintf("a numeric matrix with %d columns (the rows of A_prev)", nrow(A_prev)), describe_value(W))
  }
  if (!(is.matrix(b) && is.numeric(b) && nrow(b) == nrow(W) && ncol(b) == 1)) {
    bad_input(fname, "b", sprintf("a %dx1 numeric matrix", nrow(W)), describe_value(b))
  }
  linear_forward_unchecked(A_prev, W, b)
}

# linear_forward on valid arguments.
linear_forward_unchecked <- function(A_prev, W, b) {
  # b (n_l x 1) as a vector of length n_l is recycled exactly once per column.
  Z <- W %*% A_prev + as.vector(b)
  list(Z = Z, cache = list(A_prev = A_prev, W = W, b = b))
}

# A = g(Z) for a hidden activation (sigmoid also serves the sigmoid output layer).
activation_forward <- function(Z, activation) {
  if (!(is.matrix(Z) && is.numeric(Z) && length(Z) > 0)) check_matrix("activation_forward", "Z", Z, FALSE)
  activation <- check_choice("activation_forward", "activation", activation, HIDDEN_ACTIVATIONS)
  activation_forward_unchecked(Z, activation)
}

# activation_forward on valid arguments (activation one known name).
activation_forward_unchecked <- function(Z, activation) {
  if (activation == "relu") {
    # Z * (Z > 0): 4x faster than pmax.int, whose NA handling costs ~10 ns an element (a tenth
    # of a training epoch went there); then the entries the product gets wrong, NaN (kept) and
    # -Inf (0), from pmax.int. A negative z gives -0, equal to 0.
    A <- Z * (Z > 0)
    if (anyNA(A)) {
      wrong <- which(is.na(A))
      A[wrong] <- pmax.int(Z[wrong], 0)
    }
    return(A)
  }
  A <- switch(activation,
    leaky_relu = pmax.int(Z, 0) + 0.01 * pmin.int(Z, 0),  # z if z > 0 else 0.01 z (exactly: one term is 0)
    tanh = tanh(Z),
    sigmoid = 1 / (1 + exp(-Z)))
  dim(A) <- dim(Z)  # pmax.int / pmin.int drop the dim attribute
  A
}

# Column-wise softmax.
softmax_forward <- function(Z) {
  if (!(is.matrix(Z) && is.numeric(Z) && length(Z) > 0)) check_matrix("softmax_forward", "Z", Z, FALSE)
  softmax_forward_unchecked(Z)
}

# softmax_forward on a valid (non-empty numeric) matrix.
softmax_forward_unchecked <- function(Z) {
  n_classes <- nrow(Z)
  n_columns <- ncol(Z)
  # Subtracting each column's maximum keeps exp() finite for large logits (e.g. 1000). The
  # maximum is the entry max.col finds in each row of t(Z) (exact comparisons, ties "first"; a
  # column holding NaN gives NA), called as max.col(t(Z), ties.method = "first") calls it: its R
  # wrapper (match.arg, formals) costs ~10 us, a tenth of a training update on a small batch;
  # t.default likewise without t's dispatch (~1.6 us). rep.int with counts repeats each
  # column's value over its rows.
  each_row <- rep.int(n_classes, n_columns)
  column_max <- Z[(seq_len(n_columns) - 1) * n_classes + .Internal(max.col(.Internal(t.default(Z)), 2L))]
  exp_shifted <- exp(Z - rep.int(column_max, each_row))
  exp_shifted / rep.int(.colSums(exp_shifted, n_classes, n_columns), each_row)
}

# Inverted dropout with a caller-supplied 0/1 mask of A's shape.
dropout_forward <- function(A, mask, keep_prob) {
  check_dropout("dropout_forward", "A", A, mask, keep_prob)
  dropout_forward_unchecked(A, mask, keep_prob)
}

# dropout_forward on valid arguments.
dropout_forward_unchecked <- function(A, mask, keep_prob) {
  A * mask / keep_prob
}

# The output layer's activation: sigmoid (one unit) or softmax (K units).
output_forward <- function(ZL, output_activation) {
  # Its callers pass valid logits: the unchecked twins.
  if (output_activation == "sigmoid") activation_forward_unchecked(ZL, "sigmoid") else softmax_forward_unchecked(ZL)
}

# A0 = X; hidden layers g(W A + b) (dropped out when keep_prob < 1); output sigmoid/softmax.
# Returns list(AL, caches): caches[[l]] = list(linear_cache, Z, mask), mask NULL without dropout.
forward_propagation <- function(X, params, hidden_activation, output_activation, keep_prob, masks) {
  fname <- "forward_propagation"
  X <- check_matrix(fname, "X", X, TRUE)
  hidden_activation <- check_choice(fname, "hidden_activation", hidden_activation, HIDDEN_ACTIVATIONS)
  output_activation <- check_choice(fname, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
  layer_dims <- check_params(fname, params, nrow(X), output_activation)
  keep_prob <- check_number(fname, "keep_prob", keep_prob, "a number in (0, 1]", function(x) x > 0 && x <= 1)
  masks <- check_masks(fname, masks, layer_dims, ncol(X), keep_prob)
  params <- params[parameter_names(length(layer_dims) - 1)]
  forward_propagation_unchecked(X, params, hidden_activation, output_activation, keep_prob, masks)
}

# forward_propagation on checked inputs, params in the order W1, b1, ..., WL, bL; it calls the
# layer functions' unchecked twins.
forward_propagation_unchecked <- function(X, params, hidden_activation, output_activation, keep_prob, masks) {
  L <- length(params) %/% 2
  caches <- vector("list", L)
  A <- X
  for (l in seq_len(L)) {
    linear <- linear_forward_unchecked(A, params[[2 * l - 1]], params[[2 * l]])
    mask <- NULL
    if (l < L) {
      A <- activation_forward_unchecked(linear$Z, hidden_activation)
      if (keep_prob < 1) {
        mask <- masks[[l]]
        A <- dropout_forward_unchecked(A, mask, keep_prob)
      }
    } else {
      A <- output_forward(linear$Z, output_activation)
    }
    caches[[l]] <- list(linear_cache = linear$cache, Z = linear$Z, mask = mask)
  }
  list(AL = A, caches = caches)
}
