# Parameter updates and learning-rate schedules (SPEC.md "Updates").
# State v and s start at zero with the parameters' shapes, named like the gradients. The
# update_with_* helpers take params in the order W1, b1, ..., WL, bL and grads, v, s in the
# matching order dW1, db1, ..., dWL, dbL (tensor i of one goes with tensor i of the others).

# state = list(v, s), each a named list dW1, db1, ... of zero matrices.
initialize_optimizer <- function(params, optimizer) {
  fname <- "initialize_optimizer"
  layer_dims <- check_params(fname, params, NULL, NULL)
  check_choice(fname, "optimizer", optimizer, OPTIMIZERS)
  L <- length(layer_dims) - 1
  zeros <- lapply(params[parameter_names(L)], function(tensor) matrix(0, nrow = nrow(tensor), ncol = ncol(tensor)))
  names(zeros) <- gradient_names(L)
  list(v = zeros, s = zeros)
}

# theta -= alpha dtheta
update_with_gd <- function(params, grads, learning_rate) {
  for (i in seq_along(params)) {
    params[[i]] <- params[[i]] - learning_rate * grads[[i]]
  }
  params
}

# v = beta v + (1 - beta) dtheta; theta -= alpha v
update_with_momentum <- function(params, grads, v, beta, learning_rate) {
  for (i in seq_along(params)) {
    v[[i]] <- beta * v[[i]] + (1 - beta) * grads[[i]]
    params[[i]] <- params[[i]] - learning_rate * v[[i]]
  }
  list(params = params, v = v)
}

# s = beta2 s + (1 - beta2) dtheta^2; theta -= alpha dtheta / (sqrt(s) + epsilon)
update_with_rmsprop <- function(params, grads, s, beta2, epsilon, learning_rate) {
  for (i in seq_along(params)) {
    s[[i]] <- beta2 * s[[i]] + (1 - beta2) * grads[[i]]^2
    params[[i]] <- params[[i]] - learning_rate * grads[[i]] / (sqrt(s[[i]]) + epsilon)
  }
  list(params = params, s = s)
}

# Adam with bias correction at step t (t counts updates from 1).
update_with_adam <- function(params, grads, v, s, beta1, beta2, epsilon, t, learning_rate) {
  for (i in seq_along(params)) {
    v[[i]] <- beta1 * v[[i]] + (1 - beta1) * grads[[i]]
    s[[i]] <- beta2 * s[[i]] + (1 - beta2) * grads[[i]]^2
    v_hat <- v[[i]] / (1 - beta1^t)
    s_hat <- s[[i]] / (1 - beta2^t)
    params[[i]] <- params[[i]] - learning_rate * v_hat / (sqrt(s_hat) + epsilon)
  }
  list(params = params, v = v, s = s)
}

# One update with options$optimizer at step t and the already scheduled learning_rate.
# Returns list(params, state).
update_parameters <- function(params, grads, state, options, t, learning_rate) {
  fname <- "update_parameters"
  options <- check_options(fname, options)
  layer_dims <- check_params(fname, params, NULL, NULL)
  names <- parameter_names(length(layer_dims) - 1)
  grad_names <- paste0("d", names)
  params <- params[names]
  # x: a named list of exactly dW1, db1, ..., tensor i of the shape of params[[i]]; in that order.
  check_like_params <- function(x, arg) {
    if (!(is.list(x) && length(x) == length(grad_names) && !is.null(names(x)) && setequal(names(x), grad_names))) {
      bad_input(fname, arg, "a named list of exactly dW1, db1, ..., dWL, dbL", describe_value(x))
    }
    for (i in seq_along(grad_names)) {
      tensor <- x[[grad_names[i]]]
      if (!(is.matrix(tensor) && is.numeric(tensor) && identical(dim(tensor), dim(params[[i]])))) {
        bad_input(fname, sprintf("%s$%s", arg, grad_names[i]), sprintf("a %dx%d numeric matrix", nrow(params[[i]]), ncol(params[[i]])), describe_value(tensor))
      }
    }
    x[grad_names]
  }
  grads <- check_like_params(grads, "grads")
  if (!(is.list(state) && all(c("v", "s") %in% names(state)))) bad_input(fname, "state", "a list(v, s) from initialize_optimizer", describe_value(state))
  state <- list(v = check_like_params(state$v, "state$v"), s = check_like_params(state$s, "state$s"))
  t <- check_integer(fname, "t", t, 1)
  learning_rate <- check_number(fname, "learning_rate", learning_rate, "a finite number >= 0", function(x) x >= 0)
  update_parameters_unchecked(params, grads, state, options, t, learning_rate)
}

# update_parameters on checked inputs, each list in canonical order (params W1, b1, ...; grads
# and the state's v, s dW1, db1, ...).
update_parameters_unchecked <- function(params, grads, state, options, t, learning_rate) {
  optimizer <- options$optimizer
  if (optimizer == "gd") {
    params <- update_with_gd(params, grads, learning_rate)
  } else if (optimizer == "momentum") {
    step <- update_with_momentum(params, grads, state$v, options$beta, learning_rate)
    params <- step$params
    state$v <- step$v
  } else if (optimizer == "rmsprop") {
    step <- update_with_rmsprop(params, grads, state$s, options$beta2, options$optimizer_epsilon, learning_rate)
    params <- step$params
    state$s <- step$s
  } else {
    step <- update_with_adam(params, grads, state$v, state$s, options$beta1, options$beta2, options$optimizer_epsilon, t, learning_rate)
    params <- step$params
    state$v <- step$v
    state$s <- step$s
  }
  list(params = params, state = state)
}

# The learning rate in 0-based epoch `epoch`: constant, exponential or inverse-time decay.
scheduled_learning_rate <- function(options, epoch) {
  fname <- "scheduled_learning_rate"
  options <- check_options(fname, options)
  epoch <- check_integer(fname, "epoch", epoch, 0)
  scheduled_learning_rate_unchecked(options, epoch)
}

# scheduled_learning_rate on a checked options record and a whole epoch >= 0.
scheduled_learning_rate_unchecked <- function(options, epoch) {
  learning_rate <- options$learning_rate
  decay_rate <- options$decay_rate
  if (options$lr_schedule == "none") {
    rate <- learning_rate
  } else if (options$lr_schedule == "exponential") {
    rate <- learning_rate * decay_rate^epoch
  } else {
    rate <- learning_rate / (1 + decay_rate * epoch)
  }
  rate
}
