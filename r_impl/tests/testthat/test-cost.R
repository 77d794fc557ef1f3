# Costs on hand examples.

test_that("sigmoid cross-entropy matches the hand value", {
  AL <- matrix(c(0.8, 0.4), nrow = 1)
  Y <- matrix(c(1, 0), nrow = 1)
  params <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0, 1, 1))
  # -(log 0.8 + log(1 - 0.4)) / 2 = 0.36698...; no L2 with lambd = 0
  expect_equal(compute_cost(AL, Y, "sigmoid", params, 0), -(log(0.8) + log(0.6)) / 2, tolerance = 1e-15)
})

test_that("the L2 term is lambd / (2m) times the squared weights, biases excluded", {
  AL <- matrix(c(0.8, 0.4), nrow = 1)
  Y <- matrix(c(1, 0), nrow = 1)
  params <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(100, 1, 1), W2 = matrix(3, 1, 1), b2 = matrix(-7, 1, 1))
  # (0.5 / (2 * 2)) * (1 + 4 + 9) = 1.75
  expect_equal(compute_cost(AL, Y, "sigmoid", params, 0.5), -(log(0.8) + log(0.6)) / 2 + 1.75, tolerance = 1e-15)
})

test_that("softmax cross-entropy picks each example's label entry", {
  AL <- matrix(c(0.7, 0.3, 0.2, 0.8), nrow = 2)
  Y <- matrix(c(0, 1), nrow = 1)
  params <- list(W1 = matrix(1, 2, 3), b1 = matrix(0, 2, 1))
  expect_equal(compute_cost(AL, Y, "softmax", params, 0), -(log(0.7) + log(0.8)) / 2, tolerance = 1e-15)
  # a zero probability on a non-label row stays finite (no 0 * -Inf)
  AL_zero <- matrix(c(1, 0, 0.5, 0.5), nrow = 2)
  expect_equal(compute_cost(AL_zero, Y, "softmax", params, 0), -(log(1) + log(0.5)) / 2, tolerance = 1e-15)
  # a zero probability on the label is Inf, reported as it is
  expect_identical(compute_cost(matrix(c(0, 1, 0.5, 0.5), nrow = 2), Y, "softmax", params, 0), Inf)
})

test_that("the sigmoid cost is not clipped", {
  params <- list(W1 = matrix(1, 1, 1), b1 = matrix(0, 1, 1))
  expect_identical(compute_cost(matrix(0, 1, 1), matrix(1, 1, 1), "sigmoid", params, 0), Inf)
})
