# Gradient check: every hidden x output pair on nets with 1 to 4 hidden layers, with and without
# L2 and dropout (fixed masks). Data drawn here; he init for relu-like units, xavier otherwise,
# so the analytic gradient must agree with finite differences to <= 1e-7.

architectures <- list(c(4, 5), c(4, 6, 5), c(4, 5, 6, 4), c(4, 6, 5, 4, 5))  # without the output layer
settings <- list(plain = c(lambd = 0, keep_prob = 1), l2 = c(lambd = 0.7, keep_prob = 1),
                 dropout = c(lambd = 0, keep_prob = 0.8), both = c(lambd = 0.7, keep_prob = 0.8))

for (hidden in HIDDEN_ACTIVATIONS) {
  for (output in OUTPUT_ACTIVATIONS) {
    test_that(sprintf("gradient check <= 1e-7 for %s hidden, %s output", hidden, output), {
      for (a in seq_along(architectures)) {
        for (s in names(settings)) {
          layer_dims <- c(architectures[[a]], if (output == "sigmoid") 1 else 3)
          scheme <- if (hidden %in% c("relu", "leaky_relu")) "he" else "xavier"
          problem <- synthetic_problem(layer_dims, output, 12, 100 * a + match(s, names(settings)), scheme)
          keep_prob <- settings[[s]][["keep_prob"]]
          masks <- if (keep_prob < 1) synthetic_masks(layer_dims, 12, keep_prob, a + 7) else list()
          options <- list(hidden_activation = hidden, output_activation = output, lambd = settings[[s]][["lambd"]], keep_prob = keep_prob)
          for (mode in c("plain", "full")) {
            check <- gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = mode), masks)
            expect_lte(check$difference, 1e-7, label = sprintf("%s difference (%s, arch %d, %s)", mode, s, a, paste(layer_dims, collapse = "-")))
          }
        }
      }
    })
  }
}

test_that("the check record has the contract's fields and shapes", {
  problem <- synthetic_problem(c(3, 4, 2), "softmax", 6, 5)
  check <- gradient_check(problem$X, problem$Y, problem$params, list(output_activation = "softmax"), list())
  expect_true(all(c("difference", "tensor_differences", "grad", "gradapprox") %in% names(check)))
  expect_identical(names(check$tensor_differences), c("dW1", "db1", "dW2", "db2"))
  expect_identical(dim(check$grad), c(26L, 1L))
  expect_identical(dim(check$gradapprox), c(26L, 1L))
  forward <- forward_propagation(problem$X, problem$params, "relu", "softmax", 1, list())
  grads <- backward_propagation(forward$AL, problem$Y, forward$caches, "relu", "softmax", 0, 1)
  expect_identical(check$grad, gradients_to_vector(grads))
})

test_that("gradient_difference is 0 when both norms are 0 and follows its formula", {
  expect_identical(gradient_difference(c(0, 0), c(0, 0)), 0)
  # ||(3, 4) - (0, 0)|| / (5 + 0) = 1; ||(1, 0) - (0, 1)|| / (1 + 1) = sqrt(2) / 2
  expect_equal(gradient_difference(c(3, 4), c(0, 0)), 1)
  expect_equal(gradient_difference(c(1, 0), c(0, 1)), sqrt(2) / 2)
})

test_that("a wrong analytic gradient is caught (db1 with 4/m instead of 1/m)", {
  problem <- synthetic_problem(c(3, 4, 1), "sigmoid", 10, 21, "xavier")
  buggy <- implementation_copy()
  correct_linear_backward <- buggy$linear_backward_unchecked
  buggy$linear_backward_unchecked <- function(dZ, cache, lambd) {
    out <- correct_linear_backward(dZ, cache, lambd)
    if (nrow(cache$W) == 4) out$db <- 4 * out$db
    out
  }
  for (mode in c("plain", "full")) {
    check <- buggy$gradient_check(problem$X, problem$Y, problem$params, list(hidden_activation = "tanh", grad_check_mode = mode), list())
    expect_gt(check$tensor_differences$db1, 1e-3)
    expect_lte(check$tensor_differences$dW1, 1e-7)
  }
})

test_that("the verdict follows SPEC.md's bands, indeterminate within the noise", {
  # error above the noise: the SPEC.md bands
  expect_identical(gradient_verdict(1e-7, 1, 0.5), "correct")
  expect_identical(gradient_verdict(2e-7, 1, 0.5), "passes")
  expect_identical(gradient_verdict(1e-3, 1, 0.5), "suspicious")
  expect_identical(gradient_verdict(0.71, 1, 0.5), "bug")
  expect_identical(gradient_verdict(NaN, 1, 0.5), "bug")
  expect_identical(gradient_verdict(NaN, 0, 0.5), "bug")
  # above 1e-5 with the error within the noise: indeterminate, whatever the band
  expect_identical(gradient_verdict(1e-3, 0.5, 0.5), "indeterminate")
  expect_identical(gradient_verdict(0.71, 0.1, 0.5), "indeterminate")
  # within 1e-5 the bands rule even within the noise
  expect_identical(gradient_verdict(1e-5, 0, 0.5), "passes")
  expect_identical(gradient_verdict(0, 0, 0), "correct")
  # a NaN error is not within the noise
  expect_identical(gradient_verdict(0.71, NaN, 0.5), "bug")
})
