# Prediction and accuracy.

test_that("sigmoid labels are 1 only where AL > 0.5", {
  X <- matrix(c(-1, 0, 2), nrow = 1)
  params <- list(W1 = matrix(1, 1, 1), b1 = matrix(0, 1, 1))
  # AL = sigmoid(-1), sigmoid(0) = 0.5 (not > 0.5), sigmoid(2)
  expect_identical(predict(X, params, "relu", "sigmoid"), matrix(c(0, 0, 1), nrow = 1))
})

test_that("softmax labels are the 0-based row of the column maximum, the first one on ties", {
  X <- matrix(c(1, 0, 0, 1, 1, 1), nrow = 2)       # columns (1, 0), (0, 1), (1, 1)
  params <- list(W1 = matrix(c(1, 0, 0, 0, 1, 0), nrow = 3), b1 = matrix(0, 3, 1))
  # Z = rows (x1, x2, 0): column 1 -> row 0; column 2 -> row 1; column 3 ties rows 0 and 1 -> 0
  expect_identical(predict(X, params, "relu", "softmax"), matrix(c(0, 1, 0), nrow = 1))
})

test_that("accuracy is the fraction of matching labels", {
  expect_equal(accuracy(matrix(c(1, 0, 1), nrow = 1), matrix(c(1, 1, 1), nrow = 1)), 2 / 3)
  expect_identical(accuracy(matrix(c(2, 0), nrow = 1), matrix(c(2, 0), nrow = 1)), 1)
  expect_bad_input(accuracy(matrix(c(1, 0), nrow = 1), matrix(c(1, 1, 1), nrow = 1)), "accuracy", "labels")
})
