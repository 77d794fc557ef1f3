# Prediction (SPEC.md "Prediction"): a forward pass without dropout.

# Labels 1 x m, 0-based: sigmoid 1 where AL > 0.5; softmax the first row holding the column maximum.
predict <- function(X, params, hidden_activation, output_activation) {
  fname <- "predict"
  X <- check_matrix(fname, "X", X, TRUE)
  hidden_activation <- check_choice(fname, "hidden_activation", hidden_activation, HIDDEN_ACTIVATIONS)
  output_activation <- check_choice(fname, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
  layer_dims <- check_params(fname, params, nrow(X), output_activation)
  params <- params[parameter_names(length(layer_dims) - 1)]
  AL <- forward_propagation_unchecked(X, params, hidden_activation, output_activation, 1, list())$AL
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
  Y <- check_matrix(fname, "Y", Y, FALSE)
  if (nrow(Y) != 1) bad_input(fname, "Y", "a 1xm numeric matrix", describe_value(Y))
  if (!(is.matrix(labels) && is.numeric(labels) && nrow(labels) == 1 && ncol(labels) == ncol(Y))) {
    bad_input(fname, "labels", sprintf("a 1x%d numeric matrix", ncol(Y)), describe_value(labels))
  }
  mean(labels == Y)
}
