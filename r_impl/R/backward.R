# Backward propagation (SPEC.md "Backward"): each function mirrors its forward partner.
# Like the forward layers, each layer function checks its arguments and calls its unchecked twin,
# which backward_propagation_unchecked calls directly (inputs checked once).

# One-hot K x m matrix of 0-based labels.
one_hot <- function(Y, n_classes) {
  m <- ncol(Y)
  onehot <- numeric(n_classes * m)
  onehot[(seq_len(m) - 1) * n_classes + as.vector(Y) + 1] <- 1
  dim(onehot) <- c(n_classes, m)
  onehot
}

# dZL for the output layer: AL - Y (sigmoid) or AL - onehot(Y) (softmax), with the cost's 1/m
# left to linear_backward.
output_backward <- function(AL, Y, output_activation) {
  fname <- "output_backward"
  if (!(identical(output_activation, "sigmoid") || identical(output_activation, "softmax"))) {
    check_choice(fname, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
  }
  if (!(is.matrix(AL) && is.numeric(AL) && length(AL) > 0)) check_matrix(fname, "AL", AL, FALSE)
  if (output_activation == "sigmoid" && nrow(AL) != 1) bad_input(fname, "AL", "a 1xm matrix for a sigmoid output", describe_value(AL))
  if (output_activation == "softmax" && nrow(AL) < 2) bad_input(fname, "AL", "a Kxm matrix with K >= 2 for a softmax output", describe_value(AL))
  check_labels(fname, Y, ncol(AL), output_activation, nrow(AL))
  output_backward_unchecked(AL, Y, output_activation)
}

# output_backward on valid arguments.
output_backward_unchecked <- function(AL, Y, output_activation) {
  if (output_activation == "sigmoid") {
    dZ <- AL - Y
  } else {
    dZ <- AL - one_hot(Y, nrow(AL))
  }
  dZ
}

# dZ = dA * g'(Z) for a hidden activation.
activation_backward <- function(dA, Z, activation) {
  fname <- "activation_backward"
  if (!(is.matrix(Z) && is.numeric(Z) && length(Z) > 0)) check_matrix(fname, "Z", Z, FALSE)
  if (!(is.matrix(dA) && is.numeric(dA) && nrow(dA) == nrow(Z) && ncol(dA) == ncol(Z))) {
    bad_input(fname, "dA", sprintf("a %dx%d numeric matrix", nrow(Z), ncol(Z)), describe_value(dA))
  }
  activation <- check_choice(fname, "activation", activation, HIDDEN_ACTIVATIONS)
  activation_backward_unchecked(dA, Z, activation)
}

# activation_backward on valid arguments (activation one known name).
activation_backward_unchecked <- function(dA, Z, activation) {
  if (activation == "relu") {
    dZ <- dA * (Z > 0)
  } else if (activation == "leaky_relu") {
    dZ <- dA * ((Z > 0) + 0.01 * (Z <= 0))
  } else if (activation == "tanh") {
    A <- tanh(Z)
    dZ <- dA * (1 - A^2)
  } else {
    s <- 1 / (1 + exp(-Z))
    dZ <- dA * s * (1 - s)
  }
  dZ
}

# Inverted dropout backward: the gradient flows only through the kept units, scaled alike.
dropout_backward <- function(dA, mask, keep_prob) {
  check_dropout("dropout_backward", "dA", dA, mask, keep_prob)
  dropout_backward_unchecked(dA, mask, keep_prob)
}

# dropout_backward on valid arguments.
dropout_backward_unchecked <- function(dA, mask, keep_prob) {
  dA * mask / keep_prob
}

# Gradients of Z = W A_prev + b. Returns list(dA_prev, dW, db), with m = columns of dZ.
linear_backward <- function(dZ, cache, lambd) {
  fname <- "linear_backward"
  if (!(is.list(cache) && !is.null(cache$A_prev) && !is.null(cache$W) && !is.null(cache$b))) {
    bad_input(fname, "cache", "a list(A_prev, W, b) from linear_forward", describe_value(cache))
  }
  A_prev <- cache$A_prev
  W <- cache$W
  if (!(is.matrix(A_prev) && is.numeric(A_prev) && length(A_prev) > 0)) check_matrix(fname, "cache$A_prev", A_prev, FALSE)
  if (!(is.matrix(W) && is.numeric(W) && length(W) > 0)) check_matrix(fname, "cache$W", W, FALSE)
  if (!(is.matrix(dZ) && is.numeric(dZ) && nrow(dZ) == nrow(W) && ncol(dZ) == ncol(A_prev))) {
    bad_input(fname, "dZ", sprintf("a %dx%d numeric matrix", nrow(W), ncol(A_prev)), describe_value(dZ))
  }
  if (!(is.numeric(lambd) && length(lambd) == 1 && is.finite(lambd) && lambd >= 0)) {
    check_number(fname, "lambd", lambd, "a finite number >= 0", function(x) x >= 0)
  }
  linear_backward_unchecked(dZ, cache, lambd)
}

# linear_backward on valid arguments.
linear_backward_unchecked <- function(dZ, cache, lambd) {
  A_prev <- cache$A_prev
  W <- cache$W
  m <- ncol(dZ)
  # tcrossprod(dZ, A_prev) = dZ A_prev^T and crossprod(W, dZ) = W^T dZ, without transposed copies.
  dW <- (1 / m) * tcrossprod(dZ, A_prev) + (lambd / m) * W
  db <- (1 / m) * .rowSums(dZ, nrow(dZ), m)
  dim(db) <- c(nrow(dZ), 1L)
  dA_prev <- crossprod(W, dZ)
  list(dA_prev = dA_prev, dW = dW, db = db)
}

# Gradients dW1, db1, ..., dWL, dbL of the cost at the pass recorded in caches.
backward_propagation <- function(AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob) {
  fname <- "backward_propagation"
  if (!(is.list(caches) && length(caches) >= 1)) bad_input(fname, "caches", "a non-empty list of layer caches from forward_propagation", describe_value(caches))
  hidden_activation <- check_choice(fname, "hidden_activation", hidden_activation, HIDDEN_ACTIVATIONS)
  output_activation <- check_choice(fname, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
  lambd <- check_number(fname, "lambd", lambd, "a finite number >= 0", function(x) x >= 0)
  keep_prob <- check_number(fname, "keep_prob", keep_prob, "a number in (0, 1]", function(x) x > 0 && x <= 1)
  AL <- check_matrix(fname, "AL", AL, FALSE)
  if (output_activation == "sigmoid" && nrow(AL) != 1) bad_input(fname, "AL", "a 1xm matrix for a sigmoid output", describe_value(AL))
  if (output_activation == "softmax" && nrow(AL) < 2) bad_input(fname, "AL", "a Kxm matrix with K >= 2 for a softmax output", describe_value(AL))
  Y <- check_labels(fname, Y, ncol(AL), output_activation, nrow(AL))
  backward_propagation_unchecked(AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob)
}

# backward_propagation on checked inputs, through the layer functions' unchecked twins. Returns
# the gradients in the order dW1, db1, ...
backward_propagation_unchecked <- function(AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob) {
  L <- length(caches)
  grads <- vector("list", 2 * L)
  names(grads) <- gradient_names(L)
  dZ <- output_backward_unchecked(AL, Y, output_activation)
  for (l in L:1) {
    linear <- linear_backward_unchecked(dZ, caches[[l]]$linear_cache, lambd)
    grads[[2 * l - 1]] <- linear$dW
    grads[[2 * l]] <- linear$db
    if (l > 1) {
      dA <- linear$dA_prev
      if (keep_prob < 1) dA <- dropout_backward_unchecked(dA, caches[[l - 1]]$mask, keep_prob)
      dZ <- activation_backward_unchecked(dA, caches[[l - 1]]$Z, hidden_activation)
    }
  }
  grads
}
