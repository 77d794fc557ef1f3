# The book's R gradient-check case (BOOK.md): circles, layer_dims [2, 5, 1], R book init
# (set.seed(2); rnorm(n_l * n_{l-1}) * 0.01 filled column by column), relu hidden, sigmoid output,
# lambd = 0 and keep_prob = 1. A correct implementation (no dropout at keep_prob = 1, unlike the
# book's code, which zeroed hidden unit 5's largest-draw activation) reproduces the cost and hidden
# units 1-4, and differs from the print on unit 5 and db2.

# The book's printed values, in their true places.
printed <- list(
  dW1 = matrix(c(-7.641588e-05, 3.401039e-06, -6.029292e-05, 6.906304e-05, -1.686402e-04,
                 -9.049683e-06, 1.535226e-04, -3.427989e-07, -1.503914e-04, -2.715648e-04), nrow = 5),
  db1 = c(6.930318e-06, -3.283117e-05, 1.310647e-05, -3.454308e-05, -2.331729e-08),
  dW2 = c(1.612356e-04, 1.113475e-04, 2.435824e-04, 3.62149e-04, 2.874116e-05),
  db2 = -1.16364e-05)

# The gap to the print lies within the 6th significant digit: less than one unit of the 5th
# (the largest gap, db1[1]: 6.930395e-06 vs 6.930318e-06, is 7.7 units of the 6th digit; the
# book's dropped activation moved AL for one example, which touches every gradient a little).
expect_six_digits <- function(value, print_value, label) {
  unit_of_fifth_digit <- 10^(floor(log10(abs(print_value))) - 4)
  expect_lt(abs(value - print_value), unit_of_fifth_digit, label = label)
}

book_case <- function() {
  data <- read_dataset("circles.csv")
  params <- initialize_parameters(c(2, 5, 1), "book")
  forward <- forward_propagation(data$X, params, "relu", "sigmoid", 1, list())
  list(data = data, params = params, forward = forward,
       cost = compute_cost(forward$caches[[2]]$Z, data$Y, "sigmoid", params, 0),
       grads = backward_propagation(forward$AL, data$Y, forward$caches, "relu", "sigmoid", 0, 1))
}

test_that("the book init is set.seed(2) then column-filled rnorm * 0.01", {
  params <- initialize_parameters(c(2, 5, 1), "book")
  set.seed(2)
  draws <- rnorm(15) * 0.01
  expect_identical(params$W1, matrix(draws[1:10], nrow = 5))
  expect_identical(params$W2, matrix(draws[11:15], nrow = 1))
  expect_identical(params$b1, matrix(0, 5, 1))
})

test_that("cost equals 0.6931447003 to 10 significant digits", {
  case <- book_case()
  expect_identical(signif(case$cost, 10), 0.6931447003)
})

test_that("hidden units 1-4 match the printed gradients within their 6th significant digit", {
  grads <- book_case()$grads
  for (i in 1:4) {
    for (j in 1:2) expect_six_digits(grads$dW1[i, j], printed$dW1[i, j], sprintf("dW1[%d, %d]", i, j))
    expect_six_digits(grads$db1[i], printed$db1[i], sprintf("db1[%d]", i))
    expect_six_digits(grads$dW2[i], printed$dW2[i], sprintf("dW2[%d]", i))
  }
})

test_that("hidden unit 5 is far from the print (the book's keep_prob = 1 dropout hit it)", {
  grads <- book_case()$grads
  relative_gap <- function(value, print_value) abs(value - print_value) / abs(print_value)
  for (j in 1:2) expect_gt(relative_gap(grads$dW1[5, j], printed$dW1[5, j]), 0.05)
  expect_gt(relative_gap(grads$dW2[5], printed$dW2[5]), 0.05)
  # db1[5] ~ -2.97e-05 rather than the printed -2.33e-08
  expect_equal(grads$db1[5], -2.97e-05, tolerance = 0.005)
  expect_gt(relative_gap(grads$db1[5], printed$db1[5]), 100)
  # db2 ~ -1.1618e-05 (printed -1.16364e-05)
  expect_lte(abs(grads$db2[1] - (-1.1618e-05)), 0.5e-9)
})

test_that("the book case's gradient check passes in the same band as the book's 1.28e-06", {
  case <- book_case()
  check <- gradient_check(case$data$X, case$data$Y, case$params, list(), list())
  expect_lte(check$difference, 1e-5)
  expect_gt(check$difference, 1e-8)
})
