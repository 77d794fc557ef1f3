# The cost (SPEC.md "Cost"): cross-entropy plus the L2 term, no clipping of probabilities.

# Each example's log-likelihood of its label: a 1 x n row for the n columns of AL.
cross_entropy_terms <- function(AL, Y, output_activation) {
  if (output_activation == "sigmoid") {
    log_likelihood <- Y * log(AL) + (1 - Y) * log(1 - AL)
  } else {
    # Pick each column's entry for its label: multiplying a one-hot matrix by log(AL) would turn 0 * -Inf into NaN.
    log_likelihood <- matrix(log(AL[cbind(as.vector(Y) + 1, seq_len(ncol(AL)))]), nrow = 1)
  }
  log_likelihood
}

# The cross-entropy of each column of log_likelihood (m x P: the m examples of P passes; one
# column in ordinary use, many in the gradient check).
mean_cross_entropy <- function(log_likelihood, m) {
  -(1 / m) * colSums(log_likelihood)
}

squared_norm <- function(W) {
  sum(W^2)
}

# The squared Frobenius norm of each weight matrix, as an L x 1 matrix.
weight_square_sums <- function(params) {
  L <- length(params) %/% 2
  matrix(vapply(seq_len(L), function(l) squared_norm(params[[paste0("W", l)]]), numeric(1)), ncol = 1)
}

# The L2 term for each column of squared_norms (L x P: the layers' squared norms for P networks).
l2_regularization_cost <- function(squared_norms, lambd, m) {
  (lambd / (2 * m)) * colSums(squared_norms)
}

# J = cross-entropy + (lambd / (2m)) sum_l ||Wl||_F^2 for a sigmoid or softmax output.
compute_cost <- function(AL, Y, output_activation, params, lambd) {
  fname <- "compute_cost"
  output_activation <- check_choice(output_activation, OUTPUT_ACTIVATIONS, "output_activation", fname)
  check_numeric_matrix(AL, "AL", fname)
  if (output_activation == "sigmoid" && nrow(AL) != 1) {
    bad_input(fname, "AL", "a 1xm matrix for a sigmoid output", describe_value(AL))
  }
  if (output_activation == "softmax" && nrow(AL) < 2) {
    bad_input(fname, "AL", "a Kxm matrix with K >= 2 for a softmax output", describe_value(AL))
  }
  check_labels(Y, ncol(AL), output_activation, nrow(AL), fname)
  check_params(params, NULL, output_activation, fname)
  lambd <- check_lambd(lambd, fname)
  m <- ncol(Y)
  cross_entropy <- mean_cross_entropy(matrix(cross_entropy_terms(AL, Y, output_activation), ncol = 1), m)
  l2_term <- l2_regularization_cost(weight_square_sums(params), lambd, m)
  cross_entropy + l2_term
}
