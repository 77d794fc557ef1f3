# Backward propagation (SPEC.md "Backward"): each function mirrors its forward partner.

# One-hot K x m matrix of 0-based labels.
one_hot <- function(Y, n_classes) {
  onehot <- matrix(0, nrow = n_classes, ncol = ncol(Y))
  onehot[cbind(as.vector(Y) + 1, seq_len(ncol(Y)))] <- 1
  onehot
}

# dZL for the output layer: AL - Y (sigmoid) or AL - onehot(Y) (softmax), with the cost's 1/m
# left to linear_backward.
output_backward <- function(AL, Y, output_activation) {
  fname <- "output_backward"
  output_activation <- check_choice(output_activation, OUTPUT_ACTIVATIONS, "output_activation", fname)
  check_numeric_matrix(AL, "AL", fname)
  if (output_activation == "sigmoid" && nrow(AL) != 1) bad_input(fname, "AL", "a 1xm matrix for a sigmoid output", describe_value(AL))
  if (output_activation == "softmax" && nrow(AL) < 2) bad_input(fname, "AL", "a Kxm matrix with K >= 2 for a softmax output", describe_value(AL))
  check_labels(Y, ncol(AL), output_activation, nrow(AL), fname)
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
  check_numeric_matrix(Z, "Z", fname)
  check_shape(dA, nrow(Z), ncol(Z), "dA", fname)
  activation <- check_choice(activation, HIDDEN_ACTIVATIONS, "activation", fname)
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
  fname <- "dropout_backward"
  check_numeric_matrix(dA, "dA", fname)
  if (!(is.matrix(mask) && (is.numeric(mask) || is.logical(mask)) && nrow(mask) == nrow(dA) && ncol(mask) == ncol(dA))) {
    bad_input(fname, "mask", sprintf("a %dx%d matrix (the shape of dA)", nrow(dA), ncol(dA)), describe_value(mask))
  }
  keep_prob <- check_keep_prob(keep_prob, fname)
  dA * mask / keep_prob
}

# Gradients of Z = W A_prev + b. Returns list(dA_prev, dW, db), with m = columns of dZ.
linear_backward <- function(dZ, cache, lambd) {
  fname <- "linear_backward"
  if (!(is.list(cache) && all(c("A_prev", "W", "b") %in% names(cache)))) {
    bad_input(fname, "cache", "a list(A_prev, W, b) from linear_forward", describe_value(cache))
  }
  A_prev <- cache$A_prev
  W <- cache$W
  check_numeric_matrix(A_prev, "cache$A_prev", fname)
  check_numeric_matrix(W, "cache$W", fname)
  check_shape(dZ, nrow(W), ncol(A_prev), "dZ", fname)
  lambd <- check_lambd(lambd, fname)
  m <- ncol(dZ)
  dW <- (1 / m) * dZ %*% t(A_prev) + (lambd / m) * W
  db <- (1 / m) * matrix(rowSums(dZ), ncol = 1)
  dA_prev <- t(W) %*% dZ
  list(dA_prev = dA_prev, dW = dW, db = db)
}

# Gradients dW1, db1, ..., dWL, dbL of the cost at the pass recorded in caches.
backward_propagation <- function(AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob) {
  fname <- "backward_propagation"
  if (!(is.list(caches) && length(caches) >= 1)) bad_input(fname, "caches", "a non-empty list of layer caches from forward_propagation", describe_value(caches))
  hidden_activation <- check_choice(hidden_activation, HIDDEN_ACTIVATIONS, "hidden_activation", fname)
  lambd <- check_lambd(lambd, fname)
  keep_prob <- check_keep_prob(keep_prob, fname)
  L <- length(caches)
  grads <- list()
  dZ <- output_backward(AL, Y, output_activation)
  for (l in L:1) {
    linear <- linear_backward(dZ, caches[[l]]$linear_cache, lambd)
    grads[[paste0("dW", l)]] <- linear$dW
    grads[[paste0("db", l)]] <- linear$db
    if (l > 1) {
      dA <- linear$dA_prev
      if (keep_prob < 1) dA <- dropout_backward(dA, caches[[l - 1]]$mask, keep_prob)
      dZ <- activation_backward(dA, caches[[l - 1]]$Z, hidden_activation)
    }
  }
  grads[gradient_names(L)]
}
