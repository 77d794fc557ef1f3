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
    n_columns <- ncol(ZL)
    # Each column's maximum (the entry max.col(t(ZL), ties.method = "first") finds, called
    # without its R wrapper as in softmax_forward) repeated over its rows (rep.int with counts:
    # R's fastest "each").
    column_max <- ZL[(seq_len(n_columns) - 1) * n_classes + .Internal(max.col(.Internal(t.default(ZL)), 2L))]
    shifted <- ZL - rep.int(column_max, rep.int(n_classes, n_columns))
    # The label's entry of each column (linear index), never a one-hot product.
    label_entries <- shifted[(seq_len(n_columns) - 1) * n_classes + as.vector(Y) + 1]
    losses <- matrix(log(.colSums(exp(shifted), n_classes, n_columns)) - label_entries, nrow = 1)
  }
  losses
}

# The squared Frobenius norm of each weight matrix (params in the order W1, b1, ..., WL, bL), as
# an L x 1 matrix.
weight_square_sums <- function(params) {
  L <- length(params) %/% 2
  matrix(vapply(seq_len(L), function(l) sum(params[[2 * l - 1]]^2), numeric(1)), ncol = 1)
}

# The L2 term for each column of squared_norms (L x P: the layers' squared norms for P networks).
l2_regularization_cost <- function(squared_norms, lambd, m) {
  (lambd / (2 * m)) * colSums(squared_norms)
}

# J = (1/m) sum_i l_i + (lambd / (2m)) sum_l ||Wl||_F^2 for a sigmoid or softmax output, from the
# logits ZL = caches[[L]]$Z.
compute_cost <- function(ZL, Y, output_activation, params, lambd) {
  fname <- "compute_cost"
  output_activation <- check_choice(fname, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
  ZL <- check_matrix(fname, "ZL", ZL, FALSE)
  if (output_activation == "sigmoid" && nrow(ZL) != 1) {
    bad_input(fname, "ZL", "a 1xm matrix for a sigmoid output", describe_value(ZL))
  }
  if (output_activation == "softmax" && nrow(ZL) < 2) {
    bad_input(fname, "ZL", "a Kxm matrix with K >= 2 for a softmax output", describe_value(ZL))
  }
  Y <- check_labels(fname, Y, ncol(ZL), output_activation, nrow(ZL))
  layer_dims <- check_params(fname, params, NULL, output_activation)
  lambd <- check_number(fname, "lambd", lambd, "a finite number >= 0", function(x) x >= 0)
  compute_cost_unchecked(ZL, Y, output_activation, params[parameter_names(length(layer_dims) - 1)], lambd)
}

# compute_cost on checked inputs, params in the order W1, b1, ..., WL, bL.
compute_cost_unchecked <- function(ZL, Y, output_activation, params, lambd) {
  m <- ncol(Y)
  cross_entropy <- (1 / m) * sum(cross_entropy_terms(ZL, Y, output_activation))
  l2_term <- l2_regularization_cost(weight_square_sums(params), lambd, m)
  cross_entropy + l2_term
}
