# Shared by every test file. The tests run three ways, and find the implementation's functions
# (the internal helpers included) in each:
#   - R CMD check (tests/testthat.R, test_check): in a child of the installed package's namespace;
#   - run_tests.R: in a child of the environment load.R's load_nnparity_r() builds from R/*.R;
#   - testthat pointed at this directory directly: loaded here from the source tree with load.R.
# testthat runs the tests with this directory as the working directory.

if (!exists("initialize_parameters", mode = "function")) {
  source(file.path("..", "..", "load.R"), local = TRUE)
  nnparity_implementation <- load_nnparity_r(normalizePath(file.path("..", "..")))
  for (name in ls(nnparity_implementation)) assign(name, nnparity_implementation[[name]])
}

# A fresh copy of the whole implementation in which a test may replace functions (a planted bug,
# a call counter): every function is re-homed in a new environment, so the copy's functions call
# each other's replacements while the implementation the other tests use stays untouched.
implementation_copy <- function() {
  home <- environment(initialize_parameters)
  copy <- new.env(parent = parent.env(home))
  for (name in ls(home)) {
    value <- get(name, envir = home)
    if (is.function(value) && identical(environment(value), home)) environment(value) <- copy
    assign(name, value, envir = copy)
  }
  copy
}

# A dataset of the repository's data/ (datasets/ links the ones the tests use; R CMD build
# copies the files into the package): X = transpose of the feature columns, Y = the label column
# as a 1 x m row.
read_dataset <- function(name) {
  table <- as.matrix(utils::read.csv(file.path("datasets", name), header = FALSE))
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
