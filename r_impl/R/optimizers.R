# Parameter updates and learning-rate schedules (SPEC.md "Updates").
# State v and s start at zero with the parameters' shapes, named like the gradients.

# state = list(v, s), each a named list dW1, db1, ... of zero matrices.
initialize_optimizer <- function(params, optimizer) {
  fname <- "initialize_optimizer"
  layer_dims <- check_params(params, NULL, NULL, fname)
  check_choice(optimizer, OPTIMIZERS, "optimizer", fname)
  names <- parameter_names(length(layer_dims) - 1)
  zeros <- setNames(lapply(names, function(name) matrix(0, nrow = nrow(params[[name]]), ncol = ncol(params[[name]]))), gradient_name(names))
  list(v = zeros, s = zeros)
}

# theta -= alpha * dtheta
update_with_gd <- function(params, grads, learning_rate) {
  for (name in names(params)) {
    params[[name]] <- params[[name]] - learning_rate * grads[[gradient_name(name)]]
  }
  params
}

# v = beta v + (1 - beta) dtheta; theta -= alpha v
update_with_momentum <- function(params, grads, v, beta, learning_rate) {
  for (name in names(params)) {
    g <- gradient_name(name)
    v[[g]] <- beta * v[[g]] + (1 - beta) * grads[[g]]
    params[[name]] <- params[[name]] - learning_rate * v[[g]]
  }
  list(params = params, v = v)
}

# s = beta2 s + (1 - beta2) dtheta^2; theta -= alpha dtheta / (sqrt(s) + epsilon)
update_with_rmsprop <- function(params, grads, s, beta2, epsilon, learning_rate) {
  for (name in names(params)) {
    g <- gradient_name(name)
    s[[g]] <- beta2 * s[[g]] + (1 - beta2) * grads[[g]]^2
    params[[name]] <- params[[name]] - learning_rate * grads[[g]] / (sqrt(s[[g]]) + epsilon)
  }
  list(params = params, s = s)
}

# Adam with bias correction at step t (t counts updates from 1).
update_with_adam <- function(params, grads, v, s, beta1, beta2, epsilon, t, learning_rate) {
  for (name in names(params)) {
    g <- gradient_name(name)
    v[[g]] <- beta1 * v[[g]] + (1 - beta1) * grads[[g]]
    s[[g]] <- beta2 * s[[g]] + (1 - beta2) * grads[[g]]^2
    v_hat <- v[[g]] / (1 - beta1^t)
    s_hat <- s[[g]] / (1 - beta2^t)
    params[[name]] <- params[[name]] - learning_rate * v_hat / (sqrt(s_hat) + epsilon)
  }
  list(params = params, v = v, s = s)
}

# One update with options$optimizer at step t and the already scheduled learning_rate.
# Returns list(params, state).
update_parameters <- function(params, grads, state, options, t, learning_rate) {
  fname <- "update_parameters"
  options <- check_options(options, fname)
  layer_dims <- check_params(params, NULL, NULL, fname)
  L <- length(layer_dims) - 1
  names <- parameter_names(L)
  check_params(grads, NULL, NULL, fname, arg = "grads", prefix = "d")
  for (name in names) check_shape(grads[[gradient_name(name)]], nrow(params[[name]]), ncol(params[[name]]), sprintf("grads$%s", gradient_name(name)), fname)
  if (!(is.list(state) && all(c("v", "s") %in% names(state)))) bad_input(fname, "state", "a list(v, s) from initialize_optimizer", describe_value(state))
  for (part in c("v", "s")) {
    check_params(state[[part]], NULL, NULL, fname, arg = paste0("state$", part), prefix = "d")
    for (name in names) check_shape(state[[part]][[gradient_name(name)]], nrow(params[[name]]), ncol(params[[name]]), sprintf("state$%s$%s", part, gradient_name(name)), fname)
  }
  t <- check_positive_integer(t, "t", fname)
  learning_rate <- check_number(learning_rate, "learning_rate", fname, "a finite number >= 0", function(x) x >= 0)
  params <- params[names]
  if (options$optimizer == "gd") {
    params <- update_with_gd(params, grads, learning_rate)
  } else if (options$optimizer == "momentum") {
    step <- update_with_momentum(params, grads, state$v, options$beta, learning_rate)
    params <- step$params
    state$v <- step$v
  } else if (options$optimizer == "rmsprop") {
    step <- update_with_rmsprop(params, grads, state$s, options$beta2, options$optimizer_epsilon, learning_rate)
    params <- step$params
    state$s <- step$s
  } else {
    step <- update_with_adam(params, grads, state$v, state$s, options$beta1, options$beta2, options$optimizer_epsilon, t, learning_rate)
    params <- step$params
    state$v <- step$v
    state$s <- step$s
  }
  list(params = params, state = list(v = state$v, s = state$s))
}

# The learning rate in 0-based epoch `epoch`: constant, exponential or inverse-time decay.
scheduled_learning_rate <- function(options, epoch) {
  fname <- "scheduled_learning_rate"
  options <- check_options(options, fname)
  epoch <- check_number(epoch, "epoch", fname, "a whole number >= 0", function(x) x >= 0 && is_whole_number(x))
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
