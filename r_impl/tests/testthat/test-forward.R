# Forward layers against values worked out by hand.

test_that("linear_forward adds b to every column and keeps the cache", {
  A_prev <- matrix(c(1, 3, 2, 4), nrow = 2)      # [[1, 2], [3, 4]]
  W <- matrix(c(2, 0, -1, 1), nrow = 2)          # [[2, -1], [0, 1]]
  b <- matrix(c(0.5, -2), ncol = 1)
  # row 1: 2*1 - 1*3 + 0.5 = -0.5, 2*2 - 1*4 + 0.5 = 0.5; row 2: 3 - 2 = 1, 4 - 2 = 2
  out <- linear_forward(A_prev, W, b)
  expect_equal(out$Z, matrix(c(-0.5, 1, 0.5, 2), nrow = 2), tolerance = 0)
  expect_identical(out$cache, list(A_prev = A_prev, W = W, b = b))
})

test_that("linear_forward refuses a b that R would recycle", {
  A_prev <- matrix(1, nrow = 2, ncol = 4)
  W <- matrix(1, nrow = 2, ncol = 2)
  expect_bad_input(linear_forward(A_prev, W, matrix(1, 1, 1)), "linear_forward", "b")
  expect_bad_input(linear_forward(A_prev, W, c(1, 2)), "linear_forward", "b")
  expect_bad_input(linear_forward(A_prev, matrix(1, 2, 3), matrix(1, 2, 1)), "linear_forward", "W")
})

test_that("hidden activations match their definitions", {
  Z <- matrix(c(-2, 0, 3), nrow = 1)
  expect_equal(activation_forward(Z, "relu"), matrix(c(0, 0, 3), nrow = 1), tolerance = 0)
  expect_equal(activation_forward(Z, "leaky_relu"), matrix(c(-0.02, 0, 3), nrow = 1), tolerance = 1e-15)
  # tanh z = (e^2z - 1) / (e^2z + 1); sigmoid z = 1 / (1 + e^-z), sigmoid(0) = 1/2
  expect_equal(activation_forward(Z, "tanh"), (exp(2 * Z) - 1) / (exp(2 * Z) + 1), tolerance = 1e-14)
  expect_equal(activation_forward(Z, "sigmoid"), matrix(c(1 / (1 + exp(2)), 0.5, 1 / (1 + exp(-3))), nrow = 1), tolerance = 1e-15)
  expect_equal(dim(activation_forward(matrix(0, 3, 2), "relu")), c(3L, 2L))
})

test_that("relu keeps NaN and NA, sends -Inf to 0 and keeps the shape", {
  Z <- matrix(c(NaN, -Inf, -2, 0, 3, Inf, NA, 1e-300), nrow = 2)
  A <- activation_forward(Z, "relu")
  expect_equal(dim(A), c(2L, 4L))
  expect_true(is.nan(A[1, 1]))
  expect_true(is.na(A[1, 4]) && !is.nan(A[1, 4]))
  expect_identical(A[c(2, 3, 4, 5, 6, 8)], c(0, 0, 0, 3, Inf, 1e-300))
})

test_that("softmax is column-wise and stable on large logits", {
  # exp(0) : exp(log 3) = 1 : 3 -> 0.25, 0.75
  expect_equal(softmax_forward(matrix(c(0, log(3)), ncol = 1)), matrix(c(0.25, 0.75), ncol = 1), tolerance = 1e-15)
  big <- softmax_forward(matrix(c(1000, 1000, 1000, 0, -1000, 1000), nrow = 2))
  expect_false(any(is.nan(big)))
  expect_equal(big[, 1], c(0.5, 0.5), tolerance = 0)
  expect_equal(big[, 2], c(1, exp(-1000)), tolerance = 0)
  expect_equal(big[, 3], c(0, 1), tolerance = 0)
  # shift invariance: adding a constant to a column does not change it
  Z <- matrix(c(0.3, -1.2, 2.5, 0.1, 0.4, -0.7), nrow = 3)
  expect_equal(softmax_forward(Z + 500), softmax_forward(Z), tolerance = 1e-12)
  expect_equal(colSums(softmax_forward(Z)), c(1, 1), tolerance = 1e-15)
})

test_that("dropout_forward keeps masked units and rescales by keep_prob", {
  A <- matrix(c(2, 4, 6, 8), nrow = 2)
  mask <- matrix(c(1, 0, 0, 1), nrow = 2)
  expect_equal(dropout_forward(A, mask, 0.5), matrix(c(4, 0, 0, 16), nrow = 2), tolerance = 0)
  expect_bad_input(dropout_forward(A, matrix(1, 1, 2), 0.5), "dropout_forward", "mask")
  expect_bad_input(dropout_forward(A, mask, 0), "dropout_forward", "keep_prob")
})

test_that("forward_propagation chains the layers and records one cache per layer", {
  X <- matrix(c(1, -1), nrow = 2)
  params <- list(W1 = matrix(c(1, 0, 2, -1), nrow = 2), b1 = matrix(c(0, 0.5), ncol = 1),
                 W2 = matrix(c(1, -2), nrow = 1), b2 = matrix(0.25, 1, 1))
  # Z1 = [1 - 2, 0 + 1 + 0.5] = [-1, 1.5]; A1 = relu = [0, 1.5]; Z2 = 0 - 3 + 0.25 = -2.75
  out <- forward_propagation(X, params, "relu", "sigmoid", 1, list())
  expect_equal(out$caches[[1]]$Z, matrix(c(-1, 1.5), ncol = 1), tolerance = 0)
  expect_equal(out$caches[[2]]$Z, matrix(-2.75, 1, 1), tolerance = 0)
  expect_equal(out$AL, matrix(1 / (1 + exp(2.75)), 1, 1), tolerance = 1e-15)
  expect_length(out$caches, 2)
  expect_null(out$caches[[1]]$mask)
  # with dropout: unit 2 kept (x 1/0.5), so Z2 = -2 * 3 + 0.25 = -5.75
  dropped <- forward_propagation(X, params, "relu", "sigmoid", 0.5, list(matrix(c(0, 1), ncol = 1)))
  expect_equal(dropped$caches[[2]]$Z, matrix(-5.75, 1, 1), tolerance = 0)
  expect_equal(dropped$caches[[1]]$mask, matrix(c(0, 1), ncol = 1))
})
