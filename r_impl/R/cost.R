# The cost (SPEC.md "Cost", CONTRACT.md item 7), evaluated from the logits ZL (the output layer's
# pre-activation): no clipping and no repair, and a saturated unit gives a large finite cost.

# softplus(z) = log(1 + exp(z)), computed without overflow: max(z, 0) + log1p(exp(-|z|)).
softplus <- function(Z) {
  pmax(Z, 0) + log1p(exp(-abs(Z)))
}

# Each example's loss l_i >= 0 (minus the log-likelihood of its label): a 1 x n row for the n
# columns of ZL. Also used on stacks of perturbed passes (ZL with the labels repeated per block).
#   sigmoid  l = softplus(z) - y z                     (= -y log a - (1 - y) log(1 - a))
#   softmax  s = z - max(z) per column, l = log(sum_k exp(s_k)) - s[y]   (= -log a[y])
cross_entropy_terms <- function(ZL, Y, output_activation) {
  if (output_activation == "sigmoid") {
    losses <- softplus(ZL) - Y * ZL
  } else {
    n_classes <- nrow(ZL)
    # Each column's maximum repeated over its rows (rep.int with counts: R's fastest "each").
    shifted <- ZL - rep.int(column_max(ZL), rep.int(n_classes, ncol(ZL)))
    # The label's entry of each column (linear index), never a one-hot product.
    label_entries <- shifted[(seq_len(ncol(ZL)) - 1) * n_classes + as.vector(Y) + 1]
    losses <- matrix(log(colSums(exp(shifted))) - label_entries, nrow = 1)
  }
  losses
}

# The mean loss of each column of `losses` (m x P: the m examples of P passes; one column in
# ordinary use, one per stacked pass in the gradient check).
mean_cross_entropy <- function(losses, m) {
  (1 / m) * colSums(losses)
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

# J = (1/m) sum_i l_i + (lambd / (2m)) sum_l ||Wl||_F^2 for a sigmoid or softmax output, from the
# logits ZL = caches[[L]]$Z.
compute_cost <- function(ZL, Y, output_activation, params, lambd) {
  fname <- "compute_cost"
  output_activation <- check_choice(output_activation, OUTPUT_ACTIVATIONS, "output_activation", fname)
  check_numeric_matrix(ZL, "ZL", fname)
  if (output_activation == "sigmoid" && nrow(ZL) != 1) {
    bad_input(fname, "ZL", "a 1xm matrix for a sigmoid output", describe_value(ZL))
  }
  if (output_activation == "softmax" && nrow(ZL) < 2) {
    bad_input(fname, "ZL", "a Kxm matrix with K >= 2 for a softmax output", describe_value(ZL))
  }
  check_labels(Y, ncol(ZL), output_activation, nrow(ZL), fname)
  check_params(params, NULL, output_activation, fname)
  lambd <- check_lambd(lambd, fname)
  m <- ncol(Y)
  cross_entropy <- mean_cross_entropy(t(cross_entropy_terms(ZL, Y, output_activation)), m)
  l2_term <- l2_regularization_cost(weight_square_sums(params), lambd, m)
  cross_entropy + l2_term
}
