# The canonical flat vector: column-major per tensor, W1, b1, W2, b2, ...

hand_params <- function() {
  list(W1 = matrix(c(1, 2, 3, 4, 5, 6), nrow = 2),   # [[1, 3, 5], [2, 4, 6]]
       b1 = matrix(c(7, 8), ncol = 1),
       W2 = matrix(c(9, 10), nrow = 1),
       b2 = matrix(11, 1, 1))
}

test_that("parameters_to_vector stacks columns of W1, then b1, W2, b2", {
  # reading [[1, 3, 5], [2, 4, 6]] column by column gives 1, 2, 3, 4, 5, 6
  expect_identical(parameters_to_vector(hand_params()), matrix(as.numeric(1:11), ncol = 1))
  # the order of the list's entries does not matter, the names do
  expect_identical(parameters_to_vector(rev(hand_params())), matrix(as.numeric(1:11), ncol = 1))
})

test_that("vector_to_parameters refills columns: a round trip is the identity", {
  back <- vector_to_parameters(matrix(as.numeric(1:11), ncol = 1), c(3, 2, 1))
  expect_identical(back, hand_params())
  problem <- synthetic_problem(c(4, 6, 5, 3), "softmax", 2, 3)
  expect_identical(vector_to_parameters(parameters_to_vector(problem$params), c(4, 6, 5, 3)), problem$params)
  expect_bad_input(vector_to_parameters(matrix(1, 10, 1), c(3, 2, 1)), "vector_to_parameters", "theta")
})

test_that("gradients flatten in the same order", {
  grads <- setNames(hand_params(), c("dW1", "db1", "dW2", "db2"))
  expect_identical(gradients_to_vector(grads), matrix(as.numeric(1:11), ncol = 1))
})
