# Costs on hand examples, from the logits ZL (CONTRACT.md item 7).

logit <- function(p) log(p / (1 - p))

test_that("sigmoid cross-entropy matches the hand value", {
  ZL <- matrix(logit(c(0.8, 0.4)), nrow = 1)
  Y <- matrix(c(1, 0), nrow = 1)
  params <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0, 1, 1))
  # -(log 0.8 + log(1 - 0.4)) / 2 = 0.36698...; no L2 with lambd = 0
  expect_equal(compute_cost(ZL, Y, "sigmoid", params, 0), -(log(0.8) + log(0.6)) / 2, tolerance = 1e-15)
})

test_that("the per-example sigmoid loss is softplus(z) - y z", {
  Z <- matrix(c(-3, -0.5, 0, 0.5, 3, 40), nrow = 1)
  for (y in 0:1) {
    Y <- matrix(y, 1, 6)
    a <- 1 / (1 + exp(-Z))
    expected <- -(y * log(a) + (1 - y) * log(1 - a))
    expected[6] <- if (y == 1) log1p(exp(-40)) else 40 + log1p(exp(-40))  # 1 - a rounds to 0 at z = 40
    expect_equal(cross_entropy_terms(Z, Y, "sigmoid"), expected, tolerance = 1e-14)
  }
})

test_that("the L2 term is lambd / (2m) times the squared weights, biases excluded", {
  ZL <- matrix(logit(c(0.8, 0.4)), nrow = 1)
  Y <- matrix(c(1, 0), nrow = 1)
  params <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(100, 1, 1), W2 = matrix(3, 1, 1), b2 = matrix(-7, 1, 1))
  # (0.5 / (2 * 2)) * (1 + 4 + 9) = 1.75
  expect_equal(compute_cost(ZL, Y, "sigmoid", params, 0.5), -(log(0.8) + log(0.6)) / 2 + 1.75, tolerance = 1e-15)
})

test_that("softmax cross-entropy picks each example's label entry", {
  ZL <- log(matrix(c(0.7, 0.3, 0.2, 0.8), nrow = 2))
  Y <- matrix(c(0, 1), nrow = 1)
  params <- list(W1 = matrix(1, 2, 3), b1 = matrix(0, 2, 1))
  expect_equal(compute_cost(ZL, Y, "softmax", params, 0), -(log(0.7) + log(0.8)) / 2, tolerance = 1e-15)
  # the losses are -log of the label's softmax probability, column by column
  ZL3 <- matrix(c(1, 2, 3, -1, 0, 4, 0.5, 0.5, 0.5), nrow = 3)
  Y3 <- matrix(c(2, 0, 1), nrow = 1)
  A <- softmax_forward(ZL3)
  expect_equal(cross_entropy_terms(ZL3, Y3, "softmax"), matrix(-log(A[cbind(c(3, 1, 2), 1:3)]), nrow = 1), tolerance = 1e-15)
})

test_that("a saturated sigmoid gives the analytic finite cost (no clipping, no Inf)", {
  params <- list(W1 = matrix(1, 1, 1), b1 = matrix(0, 1, 1))
  # y = 0, z = 1000: -log(1 - a) = softplus(1000) = 1000; y = 1, z = -1000: -log(a) = 1000
  expect_identical(compute_cost(matrix(1000, 1, 1), matrix(0, 1, 1), "sigmoid", params, 0), 1000)
  expect_identical(compute_cost(matrix(-1000, 1, 1), matrix(1, 1, 1), "sigmoid", params, 0), 1000)
  # the right label at saturation costs (almost) nothing
  expect_identical(compute_cost(matrix(1000, 1, 1), matrix(1, 1, 1), "sigmoid", params, 0), 0)
  expect_identical(compute_cost(matrix(-1000, 1, 1), matrix(0, 1, 1), "sigmoid", params, 0), 0)
  # mean over examples: (1000 + 0 + 1000) / 3
  expect_equal(compute_cost(matrix(c(1000, 1000, -1000), 1, 3), matrix(c(0, 1, 1), 1, 3), "sigmoid", params, 0), 2000 / 3, tolerance = 1e-15)
})

test_that("a saturated softmax gives the analytic finite cost", {
  params <- list(W1 = matrix(1, 2, 3), b1 = matrix(0, 2, 1))
  # z = (1000, -1000), label 1: -log a[2] = 2000 (plus log1p(exp(-2000)) = 0)
  expect_identical(compute_cost(matrix(c(1000, -1000), 2, 1), matrix(1, 1, 1), "softmax", params, 0), 2000)
  expect_identical(compute_cost(matrix(c(1000, -1000), 2, 1), matrix(0, 1, 1), "softmax", params, 0), 0)
  # three classes with logits (1000, 1000, 0), label 2: log(2) + 1000
  params3 <- list(W1 = matrix(1, 3, 3), b1 = matrix(0, 3, 1))
  expect_equal(compute_cost(matrix(c(1000, 1000, 0), 3, 1), matrix(2, 1, 1), "softmax", params3, 0), 1000 + log(2), tolerance = 1e-15)
})

test_that("compute_cost validates the logits ZL", {
  params <- list(W1 = matrix(1, 1, 2), b1 = matrix(0, 1, 1))
  Y <- matrix(c(0, 1), nrow = 1)
  expect_bad_input(compute_cost(matrix(0, 2, 2), Y, "sigmoid", params, 0), "compute_cost", "ZL")
  expect_bad_input(compute_cost(matrix(0, 1, 2), Y, "softmax", list(W1 = matrix(1, 2, 2), b1 = matrix(0, 2, 1)), 0), "compute_cost", "ZL")
  expect_bad_input(compute_cost(c(0, 1), Y, "sigmoid", params, 0), "compute_cost", "ZL")
  expect_bad_input(compute_cost(matrix(0, 1, 3), Y, "sigmoid", params, 0), "compute_cost", "Y")
})
