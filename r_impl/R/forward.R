# Forward propagation (SPEC.md "Forward"), one layer concept per function.
# Every function also works on a "batch" of several passes laid side by side as column blocks,
# which the gradient check uses to evaluate many perturbed networks in one matrix product.

# Z = W A_prev + b, with b added to every column. Returns list(Z, cache = list(A_prev, W, b)).
linear_forward <- function(A_prev, W, b) {
  fname <- "linear_forward"
  check_numeric_matrix(A_prev, "A_prev", fname)
  if (!(is.matrix(W) && is.numeric(W) && length(W) > 0 && ncol(W) == nrow(A_prev))) {
    bad_input(fname, "W", sprintf("a numeric matrix with %d columns (the rows of A_prev)", nrow(A_prev)), describe_value(W))
  }
  check_shape(b, nrow(W), 1, "b", fname)
  # b is repeated across the columns explicitly instead of leaning on R's recycling.
  Z <- W %*% A_prev + b[, rep(1L, ncol(A_prev)), drop = FALSE]
  list(Z = Z, cache = list(A_prev = A_prev, W = W, b = b))
}

# A = g(Z) for a hidden activation (sigmoid also serves the sigmoid output layer).
activation_forward <- function(Z, activation) {
  fname <- "activation_forward"
  check_numeric_matrix(Z, "Z", fname)
  activation <- check_choice(activation, HIDDEN_ACTIVATIONS, "activation", fname)
  switch(activation,
    relu = pmax(Z, 0),
    leaky_relu = pmax(Z, 0) + 0.01 * pmin(Z, 0),  # z if z > 0 else 0.01 z (exactly: one term is 0)
    tanh = tanh(Z),
    sigmoid = 1 / (1 + exp(-Z)))
}

# The maximum of every column, as a vector: the entry max.col finds in each row of t(Z) (exact
# comparisons with ties.method "first"; a column holding NaN gives NA).
column_max <- function(Z) {
  Z[(seq_len(ncol(Z)) - 1) * nrow(Z) + max.col(t(Z), ties.method = "first")]
}

# Column-wise softmax.
softmax_forward <- function(Z) {
  fname <- "softmax_forward"
  check_numeric_matrix(Z, "Z", fname)
  n_classes <- nrow(Z)
  # Subtracting each column's maximum keeps exp() finite for large logits (e.g. 1000).
  exp_shifted <- exp(Z - rep(column_max(Z), each = n_classes))
  exp_shifted / rep(colSums(exp_shifted), each = n_classes)
}

# Inverted dropout with a caller-supplied 0/1 mask of A's shape.
dropout_forward <- function(A, mask, keep_prob) {
  fname <- "dropout_forward"
  check_numeric_matrix(A, "A", fname)
  if (!(is.matrix(mask) && (is.numeric(mask) || is.logical(mask)) && nrow(mask) == nrow(A) && ncol(mask) == ncol(A))) {
    bad_input(fname, "mask", sprintf("a %dx%d matrix (the shape of A)", nrow(A), ncol(A)), describe_value(mask))
  }
  keep_prob <- check_keep_prob(keep_prob, fname)
  A * mask / keep_prob
}

# The output layer's activation: sigmoid (one unit) or softmax (K units).
output_forward <- function(Z, output_activation) {
  if (output_activation == "sigmoid") activation_forward(Z, "sigmoid") else softmax_forward(Z)
}

# A0 = X; hidden layers g(W A + b) (dropped out when keep_prob < 1); output sigmoid/softmax.
# Returns list(AL, caches): caches[[l]] = list(linear_cache, Z, mask), mask NULL without dropout.
forward_propagation <- function(X, params, hidden_activation, output_activation, keep_prob, masks) {
  fname <- "forward_propagation"
  check_numeric_matrix(X, "X", fname, finite = TRUE)
  hidden_activation <- check_choice(hidden_activation, HIDDEN_ACTIVATIONS, "hidden_activation", fname)
  output_activation <- check_choice(output_activation, OUTPUT_ACTIVATIONS, "output_activation", fname)
  layer_dims <- check_params(params, nrow(X), output_activation, fname)
  keep_prob <- check_keep_prob(keep_prob, fname)
  masks <- check_masks(masks, layer_dims, ncol(X), keep_prob, fname)
  L <- length(layer_dims) - 1
  caches <- vector("list", L)
  A <- X
  for (l in seq_len(L)) {
    linear <- linear_forward(A, params[[paste0("W", l)]], params[[paste0("b", l)]])
    mask <- NULL
    if (l < L) {
      A <- activation_forward(linear$Z, hidden_activation)
      if (keep_prob < 1) {
        mask <- masks[[l]]
        A <- dropout_forward(A, mask, keep_prob)
      }
    } else {
      A <- output_forward(linear$Z, output_activation)
    }
    caches[[l]] <- list(linear_cache = linear$cache, Z = linear$Z, mask = mask)
  }
  list(AL = A, caches = caches)
}
