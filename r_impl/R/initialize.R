# Parameter initialisation (SPEC.md "Initialisation"). A parity run never uses this: the harness
# passes initial parameters in. It serves standalone runs and reproducing the book.

# params W1, b1, ..., WL, bL for layer_dims = c(n_0, ..., n_L).
# "scaled", "he", "xavier": N(0, 1) from R's own RNG, after set.seed(seed) when seed is given,
# times 0.01, sqrt(2 / n_{l-1}) or sqrt(1 / n_{l-1}).
# "book": the book's R recipe (BOOK.md): set.seed(2) once, then for each layer
# rnorm(n_l * n_{l-1}) * 0.01 filled column by column into n_l x n_{l-1}; seed is ignored.
initialize_parameters <- function(layer_dims, scheme, seed = NULL) {
  fname <- "initialize_parameters"
  layer_dims <- check_layer_dims(fname, layer_dims)
  scheme <- check_choice(fname, "scheme", scheme, INIT_SCHEMES)
  if (scheme == "book") {
    set.seed(2)
  } else if (length(seed) > 0) {
    set.seed(check_integer(fname, "seed", seed, 0))
  }
  params <- list()
  for (l in seq_len(length(layer_dims) - 1)) {
    n_l <- layer_dims[l + 1]
    n_prev <- layer_dims[l]
    scale <- switch(scheme, scaled = 0.01, book = 0.01, he = sqrt(2 / n_prev), xavier = sqrt(1 / n_prev))
    # matrix() fills column by column, which is the book's R fill order.
    params[[paste0("W", l)]] <- matrix(rnorm(n_l * n_prev) * scale, nrow = n_l, ncol = n_prev)
    params[[paste0("b", l)]] <- matrix(0, nrow = n_l, ncol = 1)
  }
  params
}
