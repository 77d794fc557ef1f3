# Prediction (SPEC.md "Prediction"): a forward pass without dropout.

# Labels 1 x m, 0-based: sigmoid 1 where AL > 0.5; softmax the first row holding the column maximum.
predict <- function(X, params, hidden_activation, output_activation) {
  fname <- "predict"
  check_numeric_matrix(X, "X", fname, finite = TRUE)
  hidden_activation <- check_choice(hidden_activation, HIDDEN_ACTIVATIONS, "hidden_activation", fname)
  output_activation <- check_choice(output_activation, OUTPUT_ACTIVATIONS, "output_activation", fname)
  check_params(params, nrow(X), output_activation, fname)
  AL <- forward_propagation(X, params, hidden_activation, output_activation, 1, list())$AL
  if (output_activation == "sigmoid") {
    labels <- (AL > 0.5) * 1
  } else {
    # max.col works on rows, so it looks at t(AL); "first" settles ties on the first maximal row.
    labels <- matrix(max.col(t(AL), ties.method = "first") - 1, nrow = 1)
  }
  labels
}

# The fraction of labels equal to Y, in [0, 1].
accuracy <- function(labels, Y) {
  fname <- "accuracy"
  check_numeric_matrix(Y, "Y", fname)
  if (nrow(Y) != 1) bad_input(fname, "Y", "a 1xm numeric matrix", describe_value(Y))
  check_shape(labels, 1, ncol(Y), "labels", fname)
  mean(labels == Y)
}
