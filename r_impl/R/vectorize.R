# The canonical flat vector (SPEC.md "Data and shapes"): for l = 1..L, vec(Wl) then vec(bl),
# vec stacking columns (column-major: R's native order).

# Flatten tensors named `tensor_names` (in that order) into a P x 1 matrix.
flatten_tensors <- function(tensors, tensor_names) {
  # as.vector reads a matrix column by column: the column-major flatten.
  matrix(unlist(lapply(tensor_names, function(name) as.vector(tensors[[name]])), use.names = FALSE), ncol = 1)
}

# theta = (vec(W1); vec(b1); ...; vec(WL); vec(bL)) as a P x 1 matrix.
parameters_to_vector <- function(params) {
  layer_dims <- check_params(params, NULL, NULL, "parameters_to_vector")
  flatten_tensors(params, parameter_names(length(layer_dims) - 1))
}

# The gradients in the same order as parameters_to_vector (dW1, db1, ..., dWL, dbL).
gradients_to_vector <- function(grads) {
  layer_dims <- check_params(grads, NULL, NULL, "gradients_to_vector", arg = "grads", prefix = "d")
  flatten_tensors(grads, gradient_names(length(layer_dims) - 1))
}

# Where each tensor lives in the flat vector: one record per tensor, in canonical order, with
# its name, gradient name, layer, kind ("W" or "b"), shape and 1-based index range.
tensor_layout <- function(layer_dims) {
  layout <- list()
  last <- 0
  for (l in seq_len(length(layer_dims) - 1)) {
    shapes <- list(W = c(layer_dims[l + 1], layer_dims[l]), b = c(layer_dims[l + 1], 1))
    for (kind in c("W", "b")) {
      size <- prod(shapes[[kind]])
      layout[[length(layout) + 1]] <- list(name = paste0(kind, l), grad_name = paste0("d", kind, l), layer = l, kind = kind,
                                           rows = shapes[[kind]][1], cols = shapes[[kind]][2], first = last + 1, last = last + size)
      last <- last + size
    }
  }
  layout
}

# The inverse of parameters_to_vector for the given layer_dims.
vector_to_parameters <- function(theta, layer_dims) {
  fname <- "vector_to_parameters"
  layer_dims <- check_layer_dims(layer_dims, fname)
  layout <- tensor_layout(layer_dims)
  n_values <- layout[[length(layout)]]$last
  if (!(is.numeric(theta) && length(theta) == n_values && (!is.matrix(theta) || ncol(theta) == 1))) {
    bad_input(fname, "theta", sprintf("a %dx1 numeric matrix (the parameter count of layer_dims)", n_values), describe_value(theta))
  }
  params <- list()
  for (tensor in layout) {
    # matrix() refills column by column, undoing the column-major flatten.
    params[[tensor$name]] <- matrix(theta[tensor$first:tensor$last], nrow = tensor$rows, ncol = tensor$cols)
  }
  params
}
