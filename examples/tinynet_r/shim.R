# The nnparity shim for tinynet (docs/PORTING.md): the one file nnparity loads (nnparity.toml
# names it as the entry). It maps the contract's run_scenario onto tinynet's own functions and
# returns the two stages tinynet can compute, cost and grads, in the contract's names and layout.
#
# The contract keeps examples in COLUMNS and W as (outputs x inputs); tinynet keeps examples in
# rows and weights as (inputs x outputs): every crossing transposes.

# nnparity calls this with the port's folder and uses the environment it returns: here, the one
# this file was sourced into, with tinynet's functions added, so that everything sees everything.
load_nnparity_r <- function(dir) {
  here <- environment(load_nnparity_r)
  sys.source(file.path(dir, "tinynet.R"), envir = here)
  here
}

# The contract's message for input this port cannot take.
refuse <- function(argument, expected, actual) {
  stop(sprintf("[R] run_scenario: '%s' must be %s; got %s", argument, expected, format(actual)), call. = FALSE)
}

# contract params (W1, b1, ...) and options -> a tinynet network.
as_tinynet <- function(params, options) {
  hidden <- if (is.null(options$hidden_activation)) "relu" else options$hidden_activation
  output <- if (is.null(options$output_activation)) "sigmoid" else options$output_activation
  if (!hidden %in% c("relu", "tanh", "sigmoid")) refuse("options$hidden_activation", "relu, tanh or sigmoid (tinynet)", hidden)
  if (!output %in% c("sigmoid", "softmax")) refuse("options$output_activation", "sigmoid or softmax", output)
  if (!is.null(options$keep_prob) && options$keep_prob != 1) refuse("options$keep_prob", "1 (tinynet has no dropout)", options$keep_prob)
  L <- length(params) / 2
  lapply(seq_len(L), function(l) list(weights = t(params[[paste0("W", l)]]),
                                      bias = as.vector(params[[paste0("b", l)]]),
                                      act = if (l == L) output else hidden))
}

# tinynet gradients (a list of layers) -> the contract's dW1, db1, ... (db as a column).
as_contract_grads <- function(grads) {
  named <- list()
  for (l in seq_along(grads)) {
    named[[paste0("dW", l)]] <- t(grads[[l]]$weights)
    named[[paste0("db", l)]] <- matrix(grads[[l]]$bias, ncol = 1)
  }
  named
}

# The contract's entry point (docs/CONTRACT.md item 21), for the stages tinynet has. Each stage is
# caught on its own: one that fails is reported in `errors`, never lost silently.
run_scenario <- function(X, Y, params, options, check_masks, permutations, train_masks, check_directions = NULL) {
  record <- list()
  errors <- list()
  stage <- function(name, compute) {
    value <- tryCatch(compute(), error = function(e) { errors[[name]] <<- conditionMessage(e); NULL })
    if (!is.null(value)) record[[name]] <<- value
  }
  decay <- if (is.null(options$lambd)) 0 else options$lambd
  stage("cost", function() tn_loss(as_tinynet(params, options), t(X), as.vector(Y), decay))
  stage("grads", function() as_contract_grads(tn_backward(as_tinynet(params, options), t(X), as.vector(Y), decay)))
  record$errors <- errors
  record
}
