# The canonical flat vector (SPEC.md "Data and shapes"): for l = 1..L, vec(Wl) then vec(bl),
# vec stacking columns (column-major: R's native order; as.vector reads a matrix column by column).

# theta = (vec(W1); vec(b1); ...; vec(WL); vec(bL)) as a P x 1 matrix.
parameters_to_vector <- function(params) {
  layer_dims <- check_params("parameters_to_vector", params, NULL, NULL)
  tensors <- params[parameter_names(length(layer_dims) - 1)]
  matrix(unlist(lapply(tensors, as.vector), use.names = FALSE), ncol = 1)
}

# The gradients dW1, db1, ..., dWL, dbL (as backward_propagation returns them) in the order of
# parameters_to_vector.
gradients_to_vector <- function(grads) {
  tensors <- grads[gradient_names(length(grads) %/% 2)]
  matrix(unlist(lapply(tensors, as.vector), use.names = FALSE), ncol = 1)
}

# Where each tensor lives in the flat vector: dW1 = c(first, last), db1, ... (1-based, inclusive),
# in the canonical order.
tensor_slices <- function(layer_dims) {
  slices <- list()
  last <- 0
  for (l in seq_len(length(layer_dims) - 1)) {
    n_weights <- layer_dims[l + 1] * layer_dims[l]
    slices[[paste0("dW", l)]] <- c(last + 1, last + n_weights)
    slices[[paste0("db", l)]] <- c(last + n_weights + 1, last + n_weights + layer_dims[l + 1])
    last <- last + n_weights + layer_dims[l + 1]
  }
  slices
}

# The inverse of parameters_to_vector for the given layer_dims.
vector_to_parameters <- function(theta, layer_dims) {
  fname <- "vector_to_parameters"
  layer_dims <- check_layer_dims(fname, layer_dims)
  slices <- tensor_slices(layer_dims)
  n_values <- slices[[length(slices)]][2]
  if (!(is.numeric(theta) && length(theta) == n_values && (!is.matrix(theta) || ncol(theta) == 1))) {
    bad_input(fname, "theta", sprintf("a %dx1 numeric matrix (the parameter count of layer_dims)", n_values), describe_value(theta))
  }
  L <- length(layer_dims) - 1
  params <- vector("list", 2 * L)
  names(params) <- parameter_names(L)
  for (l in seq_len(L)) {
    # matrix() refills column by column, undoing the column-major flatten.
    W <- slices[[2 * l - 1]]
    b <- slices[[2 * l]]
    params[[2 * l - 1]] <- matrix(theta[W[1]:W[2]], nrow = layer_dims[l + 1], ncol = layer_dims[l])
    params[[2 * l]] <- matrix(theta[b[1]:b[2]], nrow = layer_dims[l + 1], ncol = 1)
  }
  params
}
