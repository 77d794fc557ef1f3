# The internal API (CONTRACT.md "Internal API (below the contract)"): validate once at the door,
# unchecked twins for the loops, the helpers' argument order.

twin_problem <- function() {
  problem <- synthetic_problem(c(4, 5, 3, 3), "softmax", 7, 301)
  problem$masks <- synthetic_masks(c(4, 5, 3, 3), 7, 0.8, 302)
  problem$options <- check_options("test", list(hidden_activation = "leaky_relu", output_activation = "softmax", lambd = 0.3,
                                                keep_prob = 0.8, optimizer = "adam", lr_schedule = "inverse_time", decay_rate = 0.5))
  problem
}

test_that("each unchecked twin returns what its checked function returns", {
  p <- twin_problem()
  o <- p$options
  forward <- forward_propagation(p$X, p$params, o$hidden_activation, o$output_activation, o$keep_prob, p$masks)
  expect_identical(forward_propagation_unchecked(p$X, p$params, o$hidden_activation, o$output_activation, o$keep_prob, p$masks), forward)
  grads <- backward_propagation(forward$AL, p$Y, forward$caches, o$hidden_activation, o$output_activation, o$lambd, o$keep_prob)
  expect_identical(backward_propagation_unchecked(forward$AL, p$Y, forward$caches, o$hidden_activation, o$output_activation, o$lambd, o$keep_prob), grads)
  ZL <- forward$caches[[3]]$Z
  expect_identical(compute_cost_unchecked(ZL, p$Y, o$output_activation, p$params, o$lambd), compute_cost(ZL, p$Y, o$output_activation, p$params, o$lambd))
  state <- initialize_optimizer(p$params, o$optimizer)
  step <- update_parameters(p$params, grads, state, o, 3, 0.05)
  expect_identical(update_parameters_unchecked(p$params, grads, state, o, 3, 0.05), step)
  for (epoch in 0:3) expect_identical(scheduled_learning_rate_unchecked(o, epoch), scheduled_learning_rate(o, epoch))
})

test_that("the checked functions put tensors in canonical order before calling their twins", {
  p <- twin_problem()
  o <- p$options
  shuffled <- p$params[c("b2", "W1", "W3", "b1", "W2", "b3")]
  expect_identical(forward_propagation(p$X, shuffled, o$hidden_activation, o$output_activation, o$keep_prob, p$masks),
                   forward_propagation(p$X, p$params, o$hidden_activation, o$output_activation, o$keep_prob, p$masks))
  forward <- forward_propagation(p$X, p$params, o$hidden_activation, o$output_activation, o$keep_prob, p$masks)
  grads <- backward_propagation(forward$AL, p$Y, forward$caches, o$hidden_activation, o$output_activation, o$lambd, o$keep_prob)
  state <- initialize_optimizer(p$params, "momentum")
  expect_identical(update_parameters(shuffled, rev(grads), list(s = rev(state$s), v = state$v), o, 1, 0.1),
                   update_parameters(p$params, grads, state, o, 1, 0.1))
})

# A fresh copy of the implementation whose named functions count their calls.
counting_copy <- function(names) {
  copy <- implementation_copy()
  counts <- new.env()
  for (name in names) {
    local({
      original <- copy[[name]]
      counted <- name
      counts[[counted]] <- 0
      copy[[counted]] <- function(...) {
        counts[[counted]] <- counts[[counted]] + 1
        original(...)
      }
    })
  }
  list(copy = copy, counts = counts)
}

CHECKED_WITH_TWINS <- c("forward_propagation", "backward_propagation", "compute_cost", "update_parameters", "scheduled_learning_rate")

test_that("a training run checks its options once and calls no checked function with a twin", {
  problem <- synthetic_problem(c(3, 4, 1), "sigmoid", 10, 311)
  options <- list(optimizer = "momentum", batch_size = 3, num_epochs = 3, keep_prob = 0.7, lambd = 0.1, seed = 4)
  counting <- counting_copy(c("check_options", "check_params", CHECKED_WITH_TWINS))
  trained <- counting$copy$train(problem$X, problem$Y, problem$params, options, NULL, list())
  expect_identical(trained, train(problem$X, problem$Y, problem$params, options, NULL, list()))
  # 3 epochs x 4 batches = 12 updates, each without re-checking the options
  expect_identical(counting$counts$check_options, 1)
  for (name in CHECKED_WITH_TWINS) expect_identical(counting$counts[[name]], 0, label = name)
  # the parameters are checked per run (train, initialize_optimizer), not per update
  one_epoch <- counting_copy("check_params")
  one_epoch$copy$train(problem$X, problem$Y, problem$params, modifyList(options, list(num_epochs = 1, batch_size = 10)), NULL, list())
  expect_identical(counting$counts$check_params, one_epoch$counts$check_params)
  counting <- counting_copy(c("check_options", CHECKED_WITH_TWINS))
  counting$copy$train_steps(problem$X, problem$Y, problem$params, options, NULL, list(), 0:11)
  expect_identical(counting$counts$check_options, 1)
  for (name in CHECKED_WITH_TWINS) expect_identical(counting$counts[[name]], 0, label = name)
})

test_that("a gradient check checks its options once and calls no checked function with a twin", {
  problem <- synthetic_problem(c(3, 4, 2), "softmax", 6, 321)
  for (mode in c("plain", "full", "fast")) {
    counting <- counting_copy(c("check_options", "check_params", CHECKED_WITH_TWINS))
    counting$copy$gradient_check(problem$X, problem$Y, problem$params, list(output_activation = "softmax", grad_check_mode = mode, seed = 1), list())
    expect_identical(counting$counts$check_options, 1, label = mode)
    for (name in CHECKED_WITH_TWINS) expect_identical(counting$counts[[name]], 0, label = paste(mode, name))
  }
})

test_that("the checks take (function, argument, value, ...) and return the checked value", {
  expect_identical(check_choice("f", "act", "tanh", HIDDEN_ACTIVATIONS), "tanh")
  expect_bad_input(check_choice("f", "act", "elu", HIDDEN_ACTIVATIONS), "f", "act")
  expect_identical(check_number("f", "x", 0.5, "a number in (0, 1]", function(x) x > 0 && x <= 1), 0.5)
  expect_error(check_number("f", "x", 2, "a number in (0, 1]", function(x) x > 0 && x <= 1), "^\\[R\\] f: 'x' must be a number in \\(0, 1\\]; got 2$")
  expect_identical(check_integer("f", "n", 3L, 1), 3)
  expect_error(check_integer("f", "n", 0, 1), "'n' must be a positive integer; got 0")
  expect_error(check_integer("f", "n", 1.5, 0), "'n' must be a whole number >= 0; got 1.5")
  expect_identical(check_matrix("f", "A", matrix(1, 2, 2), TRUE), matrix(1, 2, 2))
  expect_bad_input(check_matrix("f", "A", matrix(NaN, 2, 2), TRUE), "f", "A")
  expect_identical(check_matrix("f", "A", matrix(NaN, 2, 2), FALSE), matrix(NaN, 2, 2))
  Y <- matrix(c(0, 2, 1), nrow = 1)
  expect_identical(check_labels("f", Y, 3, "softmax", 3), Y)
  expect_bad_input(check_labels("f", Y, 3, "softmax", 2), "f", "Y")
  expect_identical(check_data("f", matrix(1, 2, 3), Y, "softmax", 3), list(X = matrix(1, 2, 3), Y = Y))
  expect_identical(check_layer_dims("f", list(2, 3, 1)), c(2, 3, 1))
  expect_identical(check_params("f", list(W1 = matrix(0, 3, 2), b1 = matrix(0, 3, 1)), 2, "softmax"), c(2, 3))
  expect_identical(check_masks("f", list(matrix(1, 3, 4)), c(2, 3, 1), 4, 0.5), list(matrix(1, 3, 4)))
  expect_identical(check_masks("f", "ignored", c(2, 3, 1), 4, 1), list())
  expect_identical(check_permutations("f", matrix(c(1, 0, 0, 1), 2), 2, 2), matrix(c(1, 0, 0, 1), 2))
  expect_null(check_permutations("f", NULL, 2, 2))
  expect_identical(check_directions("f", matrix(c(1, -1), 2, 1), 2), matrix(c(1, -1), 2, 1))
  expect_identical(check_steps("f", matrix(c(0, 2), 1), 3), c(0, 2))
  expect_bad_input(check_steps("f", c(0, 3), 3), "f", "steps")
  params <- list(W1 = matrix(0, 3, 2), b1 = matrix(0, 3, 1))
  state <- list(params = params, v = list(dW1 = matrix(0, 3, 2), db1 = matrix(0, 3, 1)), s = list(db1 = matrix(0, 3, 1), dW1 = matrix(0, 3, 2)))
  expect_identical(check_states("f", list(state), 1, params)[[1]]$s, state$v)
  expect_bad_input(check_states("f", list(state), 2, params), "f", "states")
})

test_that("check_training_inputs draws the standalone permutations and masks, seeded", {
  problem <- synthetic_problem(c(2, 3, 1), "sigmoid", 5, 331)
  options <- list(keep_prob = 0.5, batch_size = 2, num_epochs = 3, seed = 9)
  inputs <- check_training_inputs("f", problem$X, problem$Y, problem$params, options, NULL, list())
  set.seed(9)
  expect_identical(inputs$permutations, draw_permutations(5, 3, 2))
  expect_identical(inputs$masks, draw_masks(c(2, 3, 1), 15, 0.5))
  expect_identical(dim(inputs$permutations), c(5L, 3L))
  expect_true(all(apply(inputs$permutations, 2, function(column) identical(sort(column), as.numeric(0:4)))))
  expect_identical(draw_permutations(5, 2, 5), matrix(as.numeric(0:4), 5, 2))
  expect_identical(total_updates(5, 2, 3), 9)
  # given draws are checked, not drawn
  given <- check_training_inputs("f", problem$X, problem$Y, problem$params, list(batch_size = 2, num_epochs = 1), matrix(c(4, 3, 2, 1, 0), ncol = 1), list())
  expect_identical(given$permutations, matrix(c(4, 3, 2, 1, 0), ncol = 1))
  expect_identical(given$masks, list())
})

test_that("names, flat slices and the small helpers", {
  expect_identical(parameter_names(2), c("W1", "b1", "W2", "b2"))
  expect_identical(gradient_names(2), c("dW1", "db1", "dW2", "db2"))
  expect_identical(parameter_names(0), character(0))
  expect_identical(one_hot(matrix(c(2, 0), nrow = 1), 3), matrix(c(0, 0, 1, 1, 0, 0), 3))
  expect_equal(softplus(matrix(c(-800, 0, 800), 1)), matrix(c(0, log(2), 800), 1), tolerance = 1e-15)
  expect_identical(weight_square_sums(list(W1 = matrix(2, 1, 2), b1 = matrix(5, 1, 1), W2 = matrix(3, 1, 1), b2 = matrix(1, 1, 1))), matrix(c(8, 9), ncol = 1))
  expect_identical(l2_regularization_cost(matrix(c(8, 9, 1, 1), 2), 0.5, 2), c(17 / 8, 2 / 8))
  expect_identical(output_forward(matrix(0, 1, 1), "sigmoid"), matrix(0.5, 1, 1))
  expect_error(bad_input("f", "x", "good", "bad"), "^\\[R\\] f: 'x' must be good; got bad$")
  expect_identical(describe_value(matrix(0, 2, 3)), "a 2x3 double matrix")
  expect_identical(describe_labels(matrix(c(3, 1, 1, NaN), 1)), "labels {1, 3} and non-finite values")
})

test_that("full mode: a unit or an input that moves no example leaves only the L2 term, as plain finds", {
  # feature 2 is 0 everywhere: W1[, 2] moves no example; dropout drops a whole hidden unit
  set.seed(341)
  X <- rbind(matrix(rnorm(6), 1), 0, matrix(rnorm(6), 1))
  Y <- matrix(c(0, 1, 1, 0, 1, 0), nrow = 1)
  params <- initialize_parameters(c(3, 4, 1), "he", 342)
  masks <- list(rbind(matrix(c(1, 0, 1, 1, 0, 1), 1), 0, matrix(1, 2, 6)))
  options <- list(lambd = 0.6, keep_prob = 0.75)
  plain <- gradient_check(X, Y, params, c(options, grad_check_mode = "plain"), masks)
  full <- gradient_check(X, Y, params, c(options, grad_check_mode = "full"), masks)
  # W1[, 2] is flat 5..8; unit 2 (dropped) is W1[2, ] (flat 2, 6, 10) and b1[2] (flat 14)
  unmoved <- c(5:8, 2, 10, 14)
  expected <- 0.6 / 6 * parameters_to_vector(params)[unmoved]
  expected[unmoved == 14] <- 0
  expect_equal(full$gradapprox[unmoved], expected, tolerance = 1e-6)
  expect_equal(full$gradapprox, plain$gradapprox, tolerance = 1e-7)
  expect_identical(full$kink_indices, plain$kink_indices)
  expect_lte(full$difference, 1e-7)
})
