# Backward layers against values worked out by hand.

test_that("output_backward is AL - Y or AL - onehot(Y)", {
  expect_equal(output_backward(matrix(c(0.8, 0.4), nrow = 1), matrix(c(1, 0), nrow = 1), "sigmoid"),
               matrix(c(-0.2, 0.4), nrow = 1), tolerance = 1e-15)
  AL <- matrix(c(0.7, 0.2, 0.1, 0.2, 0.5, 0.3), nrow = 3)
  expect_equal(output_backward(AL, matrix(c(0, 2), nrow = 1), "softmax"),
               matrix(c(-0.3, 0.2, 0.1, 0.2, 0.5, -0.7), nrow = 3), tolerance = 1e-15)
})

test_that("activation derivatives, including the value at z = 0", {
  Z <- matrix(c(-2, 0, 3), nrow = 1)
  dA <- matrix(c(10, 10, 10), nrow = 1)
  expect_equal(activation_backward(dA, Z, "relu"), matrix(c(0, 0, 10), nrow = 1), tolerance = 0)
  expect_equal(activation_backward(dA, Z, "leaky_relu"), matrix(c(0.1, 0.1, 10), nrow = 1), tolerance = 1e-15)
  # tanh' = 1 - tanh^2 = 4 / (e^z + e^-z)^2; sigmoid' = e^-z / (1 + e^-z)^2, 1/4 at 0
  expect_equal(activation_backward(dA, Z, "tanh"), 10 * 4 / (exp(Z) + exp(-Z))^2, tolerance = 1e-14)
  expect_equal(activation_backward(dA, Z, "sigmoid"), 10 * exp(-Z) / (1 + exp(-Z))^2, tolerance = 1e-14)
  expect_equal(activation_backward(dA, Z, "sigmoid")[2], 2.5)
  expect_bad_input(activation_backward(matrix(1, 1, 2), Z, "relu"), "activation_backward", "dA")
})

test_that("dropout_backward passes the gradient through kept units only", {
  expect_equal(dropout_backward(matrix(c(1, 2, 3), nrow = 1), matrix(c(1, 0, 1), nrow = 1), 0.25),
               matrix(c(4, 0, 12), nrow = 1), tolerance = 0)
})

test_that("linear_backward matches the hand computation", {
  dZ <- matrix(c(1, 2), nrow = 1)
  A_prev <- matrix(c(1, 2, 3, 4), nrow = 2)       # [[1, 3], [2, 4]]
  W <- matrix(c(0.5, -1), nrow = 1)
  cache <- list(A_prev = A_prev, W = W, b = matrix(0, 1, 1))
  # m = 2, lambd = 0.2: dW = (1/2) [1*1 + 2*3, 1*2 + 2*4] + 0.1 [0.5, -1] = [3.55, 4.9]
  # db = (1/2)(1 + 2) = 1.5; dA_prev = W' dZ = [[0.5, 1], [-1, -2]]
  out <- linear_backward(dZ, cache, 0.2)
  expect_equal(out$dW, matrix(c(3.55, 4.9), nrow = 1), tolerance = 1e-15)
  expect_equal(out$db, matrix(1.5, 1, 1), tolerance = 0)
  expect_equal(out$dA_prev, matrix(c(0.5, -1, 1, -2), nrow = 2), tolerance = 0)
})

test_that("backward_propagation returns gradients shaped like the parameters, in order", {
  problem <- synthetic_problem(c(3, 4, 3), "softmax", 5, 11)
  forward <- forward_propagation(problem$X, problem$params, "tanh", "softmax", 1, list())
  grads <- backward_propagation(forward$AL, problem$Y, forward$caches, "tanh", "softmax", 0, 1)
  expect_identical(names(grads), c("dW1", "db1", "dW2", "db2"))
  for (name in names(problem$params)) expect_identical(dim(grads[[paste0("d", name)]]), dim(problem$params[[name]]))
  # softmax db_L sums (AL - onehot) over classes to zero in every column, so sum(db2) = 0
  expect_equal(sum(grads$db2), 0, tolerance = 1e-15)
})
