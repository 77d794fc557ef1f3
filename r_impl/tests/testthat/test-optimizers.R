# Each optimiser's first two steps against values worked out by hand, and the schedules.
# One tensor pair: W1 = [1, 2], b1 = 0.5; step 1 gradient g1 = ([0.1, -0.2], 0.3), step 2
# gradient g2 = ([0.2, 0.1], -0.3); learning rate 0.1, default betas and epsilon 1e-8.

start_params <- function() list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0.5, 1, 1))
g1 <- list(dW1 = matrix(c(0.1, -0.2), nrow = 1), db1 = matrix(0.3, 1, 1))
g2 <- list(dW1 = matrix(c(0.2, 0.1), nrow = 1), db1 = matrix(-0.3, 1, 1))

two_steps <- function(optimizer) {
  options <- list(optimizer = optimizer)
  state <- initialize_optimizer(start_params(), optimizer)
  first <- update_parameters(start_params(), g1, state, options, 1, 0.1)
  second <- update_parameters(first$params, g2, first$state, options, 2, 0.1)
  list(first = first, second = second)
}

# Entries of a two-tensor list (W or dW first, then b or db) as one vector.
flat <- function(tensors) c(tensors[[1]], tensors[[2]])

test_that("initialize_optimizer gives zero v and s named like the gradients", {
  state <- initialize_optimizer(start_params(), "adam")
  expect_identical(state$v, list(dW1 = matrix(0, 1, 2), db1 = matrix(0, 1, 1)))
  expect_identical(state$s, state$v)
})

test_that("gd: theta -= alpha dtheta", {
  steps <- two_steps("gd")
  # [1 - 0.01, 2 + 0.02, 0.5 - 0.03]; then [0.99 - 0.02, 2.02 - 0.01, 0.47 + 0.03]
  expect_equal(flat(steps$first$params), c(0.99, 2.02, 0.47), tolerance = 1e-15)
  expect_equal(flat(steps$second$params), c(0.97, 2.01, 0.50), tolerance = 1e-15)
})

test_that("momentum: v = 0.9 v + 0.1 dtheta; theta -= alpha v", {
  steps <- two_steps("momentum")
  # v1 = [0.01, -0.02, 0.03]: [0.999, 2.002, 0.497]
  expect_equal(flat(steps$first$params), c(0.999, 2.002, 0.497), tolerance = 1e-15)
  expect_equal(flat(steps$first$state$v), c(0.01, -0.02, 0.03), tolerance = 1e-15)
  # v2 = [0.009 + 0.02, -0.018 + 0.01, 0.027 - 0.03] = [0.029, -0.008, -0.003]
  expect_equal(flat(steps$second$state$v), c(0.029, -0.008, -0.003), tolerance = 1e-14)
  expect_equal(flat(steps$second$params), c(0.9961, 2.0028, 0.4973), tolerance = 1e-14)
  expect_equal(flat(steps$second$state$s), c(0, 0, 0))
})

test_that("rmsprop: s = 0.999 s + 0.001 dtheta^2; theta -= alpha dtheta / (sqrt(s) + eps)", {
  steps <- two_steps("rmsprop")
  # s1 = 0.001 g1^2 = [1e-5, 4e-5, 9e-5]; W1[1] = 1 - 0.1 * 0.1 / (sqrt(1e-5) + 1e-8) = -2.16226766...
  expect_equal(flat(steps$first$state$s), c(1e-5, 4e-5, 9e-5), tolerance = 1e-15)
  expect_equal(flat(steps$first$params), c(-2.1622676602000026, 5.162272660176285, -2.66227432683856), tolerance = 1e-13)
  # s2 = 0.999 s1 + 0.001 g2^2 = [4.999e-5, 4.996e-5, 1.7991e-4]
  expect_equal(flat(steps$second$state$s), c(4.999e-5, 4.996e-5, 1.7991e-4), tolerance = 1e-14)
  expect_equal(flat(steps$second$params), c(-4.990973669297645, 3.7474950743390023, -0.42564879012481116), tolerance = 1e-13)
})

test_that("adam: bias-corrected v and s", {
  steps <- two_steps("adam")
  # t = 1: v_hat = g1, s_hat = g1^2, so each entry moves by 0.1 * g / (|g| + 1e-8)
  expect_equal(flat(steps$first$params), c(1 - 0.1 * 0.1 / (0.1 + 1e-8), 2 + 0.1 * 0.2 / (0.2 + 1e-8), 0.5 - 0.1 * 0.3 / (0.3 + 1e-8)), tolerance = 1e-15)
  # t = 2: v = 0.09 g1 + 0.1 g2 = [0.029, -0.008, -0.003], v_hat = v / 0.19,
  #        s = 0.000999 g1^2 + 0.001 g2^2 = [4.999e-5, 4.996e-5, 1.7991e-4], s_hat = s / 0.001999
  expect_equal(flat(steps$second$state$v), c(0.029, -0.008, -0.003), tolerance = 1e-14)
  expect_equal(flat(steps$second$state$s), c(4.999e-5, 4.996e-5, 1.7991e-4), tolerance = 1e-14)
  expect_equal(flat(steps$second$params), c(0.8034818135212529, 2.1266336972813242, 0.4052631610526314), tolerance = 1e-13)
})

test_that("learning-rate schedules use the 0-based epoch", {
  options <- list(learning_rate = 0.1, decay_rate = 0.5)
  expect_equal(scheduled_learning_rate(c(options, lr_schedule = "none"), 3), 0.1)
  # exponential: 0.1 * 0.5^0 = 0.1 at epoch 0, 0.1 * 0.5^2 = 0.025 at epoch 2
  expect_equal(scheduled_learning_rate(c(options, lr_schedule = "exponential"), 0), 0.1)
  expect_equal(scheduled_learning_rate(c(options, lr_schedule = "exponential"), 2), 0.025, tolerance = 1e-16)
  # inverse_time: 0.1 / (1 + 0.5 * 2) = 0.05
  expect_equal(scheduled_learning_rate(c(options, lr_schedule = "inverse_time"), 2), 0.05, tolerance = 1e-16)
  expect_equal(scheduled_learning_rate(c(options, lr_schedule = "inverse_time"), 0), 0.1)
})
