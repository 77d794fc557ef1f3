# Fast gradient checking (issue #5): "full" equals "plain", "fast" finds what "plain" finds,
# kinks are reported.

# The verdict band of a difference: 1 correct, 2 passes, 3 suspicious, 4 a bug (SPEC.md).
verdict <- function(difference) findInterval(difference, c(1e-7, 1e-5, 1e-3), left.open = TRUE) + 1

# Two cost evaluations of the same network done in different (equally valid) orders differ by a
# few ulps of J; divided by 2 eps that is a few x 1.1e-9 for J ~ 1, hence 4 ulps of max(1, J).
expect_same_gradapprox <- function(full, plain, J, epsilon = 1e-7, label = "") {
  absolute <- 4 * .Machine$double.eps * max(1, abs(J)) / (2 * epsilon)
  gap <- abs(full$gradapprox - plain$gradapprox)
  expect_true(all(gap <= absolute + 1e-6 * abs(plain$gradapprox)), label = sprintf("%s: worst gap %g", label, max(gap)))
  expect_identical(verdict(full$difference), verdict(plain$difference), label = label)
  expect_identical(full$kink_indices, plain$kink_indices, label = label)
}

check_cost <- function(problem, options, masks) {
  o <- check_options("test", options)
  caches <- forward_propagation(problem$X, problem$params, o$hidden_activation, o$output_activation, o$keep_prob, masks)$caches
  compute_cost(caches[[length(caches)]]$Z, problem$Y, o$output_activation, problem$params, o$lambd)
}

test_that("full gives plain's gradapprox, verdict and kinks on several nets", {
  cases <- list(
    list(dims = c(3, 5, 4, 1), out = "sigmoid", hidden = "relu", lambd = 0.5, keep_prob = 0.7, m = 9),
    list(dims = c(3, 6, 3), out = "softmax", hidden = "tanh", lambd = 0, keep_prob = 1, m = 7),
    list(dims = c(4, 5, 4, 3, 3), out = "softmax", hidden = "leaky_relu", lambd = 0.2, keep_prob = 0.8, m = 10),
    list(dims = c(2, 4, 1), out = "sigmoid", hidden = "sigmoid", lambd = 1, keep_prob = 1, m = 5),
    list(dims = c(2, 1), out = "sigmoid", hidden = "relu", lambd = 0, keep_prob = 1, m = 6))
  for (k in seq_along(cases)) {
    case <- cases[[k]]
    problem <- synthetic_problem(case$dims, case$out, case$m, 80 + k)
    masks <- if (case$keep_prob < 1) synthetic_masks(case$dims, case$m, case$keep_prob, 90 + k) else list()
    options <- list(hidden_activation = case$hidden, output_activation = case$out, lambd = case$lambd, keep_prob = case$keep_prob)
    plain <- gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "plain"), masks)
    full <- gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "full"), masks)
    expect_same_gradapprox(full, plain, check_cost(problem, options, masks), label = sprintf("case %d", k))
    expect_identical(full$grad, plain$grad)
  }
})

test_that("full equals plain to rounding for every hidden x output pair, with dropout masks and L2", {
  for (hidden in HIDDEN_ACTIVATIONS) {
    for (output in OUTPUT_ACTIVATIONS) {
      dims <- c(3, 5, 4, if (output == "sigmoid") 1 else 3)
      problem <- synthetic_problem(dims, output, 8, 190 + match(hidden, HIDDEN_ACTIVATIONS), if (hidden %in% c("relu", "leaky_relu")) "he" else "xavier")
      masks <- synthetic_masks(dims, 8, 0.7, 200 + match(output, OUTPUT_ACTIVATIONS))
      options <- list(hidden_activation = hidden, output_activation = output, lambd = 0.4, keep_prob = 0.7)
      plain <- gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "plain"), masks)
      full <- gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "full"), masks)
      label <- paste(hidden, output)
      expect_same_gradapprox(full, plain, check_cost(problem, options, masks), label = label)
      expect_identical(full$grad, plain$grad, label = label)
      expect_identical(full$verdict, plain$verdict, label = label)
      expect_identical(full$noise, plain$noise, label = label)
    }
  }
})

test_that("full equals plain on the spiral data with a [2, 20, 10, 3] net (its first point is x = 0: kinks)", {
  data <- read_dataset("spiral.csv")
  columns <- seq(1, 300, by = 10)
  problem <- list(X = data$X[, columns], Y = data$Y[, columns, drop = FALSE], params = initialize_parameters(c(2, 20, 10, 3), "he", 3))
  options <- list(output_activation = "softmax", lambd = 0.3)
  plain <- gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "plain"), list())
  full <- gradient_check(problem$X, problem$Y, problem$params, options, list())      # "full" is the default
  expect_identical(unique(unlist(full$tensor_modes, use.names = FALSE)), "full")
  expect_same_gradapprox(full, plain, check_cost(problem, options, list()), label = "spiral")
  # x = 0 and zero biases put every first- and second-layer pre-activation of that point at 0:
  # b1 (flat 40..59) and b2 (flat 260..269) are kinks
  expect_equal(as.vector(full$kink_indices), c(40:59, 260:269), tolerance = 0)
})

test_that("kinks are reported where a pre-activation sits exactly at 0 and left out of difference", {
  set.seed(101)
  X <- cbind(matrix(rnorm(10), nrow = 2), c(0, 0))     # the last example is x = 0
  Y <- matrix(c(1, 0, 1, 1, 0, 0), nrow = 1)
  params <- initialize_parameters(c(2, 3, 2, 1), "he", 102)
  # biases are 0, so for x = 0: Z1 = W1 x + b1 = 0 and Z2 = W2 relu(0) + b2 = 0 exactly; +eps on
  # b1[i] or b2[i] moves one to > 0. Flat layout: W1 0..5, b1 6..8, W2 9..14, b2 15..16, W3 17..18, b3 19.
  expected <- matrix(c(6, 7, 8, 15, 16), ncol = 1)
  for (mode in c("plain", "full", "fast")) {
    check <- gradient_check(X, Y, params, list(grad_check_mode = mode, seed = 1), list())
    expect_identical(check$kink_indices, expected, label = mode)
    expect_identical(check$n_kinks, 5L, label = mode)
    # at a kink the analytic relu'(0) = 0 disagrees with the two-sided quotient
    expect_gt(check$difference_all, 1e-3)
    expect_lte(check$difference, 1e-7)
  }
  fast <- gradient_check(X, Y, params, list(grad_check_mode = "fast", seed = 1), list())
  expect_identical(fast$tensor_modes$db1, "full")
  expect_identical(fast$tensor_modes$db2, "full")
  # no kinks with a smooth hidden activation
  expect_identical(gradient_check(X, Y, params, list(hidden_activation = "tanh"), list())$n_kinks, 0L)
})

# A copy of the implementation whose backward pass has a planted bug in one gradient tensor.
with_planted_bug <- function(plant) {
  buggy <- implementation_copy()
  correct <- buggy$backward_propagation_unchecked
  buggy$backward_propagation_unchecked <- function(...) plant(correct(...))
  buggy
}

test_that("fast catches dW2 scaled by 2, which plain catches too", {
  problem <- synthetic_problem(c(3, 5, 1), "sigmoid", 10, 111, "xavier")
  buggy <- with_planted_bug(function(grads) modifyList(grads, list(dW2 = 2 * grads$dW2)))
  options <- list(hidden_activation = "tanh", seed = 5)
  plain <- buggy$gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "plain"), list())
  fast <- buggy$gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "fast"), list())
  expect_gt(plain$difference, 1e-3)
  expect_identical(fast$tensor_modes$dW2, "full")
  expect_gt(fast$tensor_differences$dW2, 1e-3)
  expect_gt(fast$difference, 1e-3)
  expect_identical(fast$tensor_modes$dW1, "directional")
  expect_lte(fast$tensor_differences$dW1, 1e-5)
  # the fully checked tensor's approximations are plain's, the directional ones are not computed
  dW2 <- 21:25
  expect_equal(fast$gradapprox[dW2], plain$gradapprox[dW2], tolerance = 1e-6)
  expect_true(all(is.nan(fast$gradapprox[1:15])))
})

test_that("fast finds a single wrong entry of a 50 x 100 dW and names it, as plain does", {
  problem <- synthetic_problem(c(4, 100, 50, 1), "sigmoid", 8, 121)
  wrong_row <- 7
  wrong_column <- 13
  buggy <- with_planted_bug(function(grads) {
    grads$dW2[wrong_row, wrong_column] <- grads$dW2[wrong_row, wrong_column] + 0.5 * max(abs(grads$dW2))
    grads
  })
  options <- list(seed = 9)
  # flat index (1-based) of dW2[7, 13]: after W1 (400) and b1 (100), column-major in 50 rows
  wrong_index <- 500 + (wrong_column - 1) * 50 + wrong_row
  plain <- buggy$gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "plain"), list())
  fast <- buggy$gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "fast"), list())
  expect_gt(plain$tensor_differences$dW2, 1e-5)
  expect_equal(which.max(abs(plain$grad - plain$gradapprox)), wrong_index, tolerance = 0)
  expect_identical(fast$tensor_modes$dW2, "full")
  expect_equal(which.max(abs(fast$grad - fast$gradapprox)), wrong_index, tolerance = 0)
  expect_gt(fast$tensor_differences$dW2, 1e-5)
  for (name in c("dW1", "db1", "db2", "dW3", "db3")) expect_identical(fast$tensor_modes[[name]], "directional", label = name)
})

test_that("a correct network passes fast checking directionally", {
  problem <- synthetic_problem(c(3, 6, 4, 3), "softmax", 12, 131, "xavier")
  fast <- gradient_check(problem$X, problem$Y, problem$params, list(hidden_activation = "tanh", output_activation = "softmax", grad_check_mode = "fast", seed = 2), list())
  expect_identical(unlist(fast$tensor_modes, use.names = FALSE), rep("directional", 6))
  expect_identical(names(fast$tensor_modes), c("dW1", "db1", "dW2", "db2", "dW3", "db3"))
  expect_lte(fast$difference, 1e-5)
  # The norm formula over the directional pairs, not the worst tensor (CONTRACT.md): a sum of
  # pairs cannot exceed the worst pair's relative difference by construction here.
  expect_lte(fast$difference, max(unlist(fast$tensor_differences)))
})

test_that("fast checking fails loudly on a NaN cost instead of dropping it", {
  problem <- synthetic_problem(c(2, 3, 3), "softmax", 5, 7, "he")
  problem$params$W2 <- problem$params$W2 * 1e308  # the cost overflows to NaN
  fast <- gradient_check(problem$X, problem$Y, problem$params, list(hidden_activation = "relu", output_activation = "softmax", grad_check_mode = "fast", seed = 1), list())
  expect_true(is.nan(fast$difference) || is.na(fast$difference))
})
