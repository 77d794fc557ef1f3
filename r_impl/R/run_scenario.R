# One scenario of the parity harness (CONTRACT.md, function 21): every stage is caught
# separately, so a failing stage is reported in `errors` and never loses the others.

# Returns list(cost, grads, gradcheck, update = list(params, state), training = list(costs,
# params), predict = list(labels, accuracy), errors = list(<stage> = message)); a stage that
# raised is absent (NULL) and its message is in `errors`.
# check_directions: the fast gradient check's P x K matrix of +-1 (NULL or empty: drawn from R's RNG).
run_scenario <- function(X, Y, params, options, check_masks, permutations, train_masks, check_directions = NULL) {
  record <- list()
  errors <- list()
  # Run `compute` (a function of no arguments): list(value) or list(error = message).
  run_stage <- function(compute) {
    tryCatch(list(value = compute()), error = function(error) list(error = conditionMessage(error)))
  }
  # A stage that needs an earlier stage's result fails with this when that stage failed.
  missing_stage <- function(stage, needed) {
    list(error = sprintf("[R] run_scenario: '%s' must be available for stage '%s'; got an error in stage '%s'", needed, stage, needed))
  }
  keep <- function(name, outcome) {
    if (is.null(outcome$error)) record[[name]] <<- outcome$value else errors[[name]] <<- outcome$error
  }
  opts <- function() check_options("run_scenario", options)

  forward <- run_stage(function() {
    o <- opts()
    forward_propagation(X, params, o$hidden_activation, o$output_activation, o$keep_prob, check_masks)
  })
  keep("cost", if (is.null(forward$error)) run_stage(function() {
    o <- opts()
    caches <- forward$value$caches
    compute_cost(caches[[length(caches)]]$Z, Y, o$output_activation, params, o$lambd)
  }) else forward)
  keep("grads", if (is.null(forward$error)) run_stage(function() {
    o <- opts()
    backward_propagation(forward$value$AL, Y, forward$value$caches, o$hidden_activation, o$output_activation, o$lambd, o$keep_prob)
  }) else forward)
  keep("gradcheck", run_stage(function() gradient_check(X, Y, params, options, check_masks, check_directions)))
  keep("update", if (!is.null(record$grads)) run_stage(function() {
    state <- initialize_optimizer(params, opts()$optimizer)
    update_parameters(params, record$grads, state, options, 1, scheduled_learning_rate(options, 0))
  }) else missing_stage("update", "grads"))
  keep("training", run_stage(function() {
    trained <- train(X, Y, params, options, permutations, train_masks)
    list(costs = trained$costs, params = trained$params)
  }))
  keep("predict", if (!is.null(record$training)) run_stage(function() {
    o <- opts()
    labels <- predict(X, record$training$params, o$hidden_activation, o$output_activation)
    list(labels = labels, accuracy = accuracy(labels, Y))
  }) else missing_stage("predict", "training"))
  record$errors <- errors
  record
}
