# Shared by every test file. run_tests.R runs the tests in a child of the implementation's
# environment; when testthat is pointed at this directory directly, load the implementation here.
# testthat runs the tests with this directory as the working directory.

R_IMPL_DIR <- normalizePath(file.path("..", ".."))
REPO_DIR <- normalizePath(file.path(R_IMPL_DIR, ".."))

if (!exists("load_nnparity_r", mode = "function")) source(file.path(R_IMPL_DIR, "load.R"), local = TRUE)
if (!exists("initialize_parameters", mode = "function")) {
  nnparity_implementation <- load_nnparity_r(R_IMPL_DIR)
  for (name in ls(nnparity_implementation)) assign(name, nnparity_implementation[[name]])
}

# A dataset of data/: X = transpose of the feature columns, Y = the label column as a 1 x m row.
read_dataset <- function(name) {
  table <- as.matrix(utils::read.csv(file.path(REPO_DIR, "data", name), header = FALSE))
  dimnames(table) <- NULL
  n_features <- ncol(table) - 1
  list(X = t(table[, seq_len(n_features), drop = FALSE]), Y = matrix(table[, n_features + 1], nrow = 1))
}

# expect an error in the contract's format, naming the function and the argument.
expect_bad_input <- function(expr, fname, arg) {
  pattern <- sprintf("^\\[R\\] %s: '%s' must be .+; got .+", fname, gsub("([][$()])", "\\\\\\1", arg))
  expect_error(expr, pattern)
}

# Small synthetic problem drawn in the test: X ~ N(0, 1), labels uniform over the classes.
synthetic_problem <- function(layer_dims, output_activation, m, seed, scheme = "he") {
  set.seed(seed)
  n_classes <- if (output_activation == "sigmoid") 2 else layer_dims[length(layer_dims)]
  X <- matrix(rnorm(layer_dims[1] * m), nrow = layer_dims[1])
  Y <- matrix(sample(0:(n_classes - 1), m, replace = TRUE), nrow = 1)
  params <- initialize_parameters(layer_dims, scheme, seed + 1)
  list(X = X, Y = Y, params = params, layer_dims = layer_dims)
}

# One fixed 0/1 dropout mask per hidden layer, kept with probability keep_prob.
synthetic_masks <- function(layer_dims, width, keep_prob, seed) {
  set.seed(seed)
  hidden <- layer_dims[-c(1, length(layer_dims))]
  lapply(hidden, function(n_l) matrix(as.numeric(runif(n_l * width) < keep_prob), nrow = n_l))
}
