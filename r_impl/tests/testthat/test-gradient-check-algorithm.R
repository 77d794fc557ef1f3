# The common gradient-check algorithm (CONTRACT.md "Gradient check: one algorithm in three
# languages"): the record, the noise floor and "indeterminate", caller-supplied fast-mode
# directions, the column-block stacks.

RECORD_FIELDS <- c("difference", "difference_all", "error", "noise", "verdict", "tensor_differences", "tensor_errors",
                   "tensor_noise", "tensor_modes", "grad", "gradapprox", "kink_indices", "n_kinks")

# circles, [2, 5, 1], sigmoid hidden units, every weight scaled by 1e-3: a correct network whose
# gradients are so small that the finite differences' rounding noise shows in some tensors.
tiny_gradient_case <- function() {
  data <- read_dataset("circles.csv")
  params <- initialize_parameters(c(2, 5, 1), "he", 7)
  params$W1 <- params$W1 * 1e-3
  params$W2 <- params$W2 * 1e-3
  list(X = data$X, Y = data$Y, params = params, options = list(hidden_activation = "sigmoid", grad_check_epsilon = 1e-7))
}

tensor_verdicts <- function(check) {
  vapply(names(check$tensor_differences), function(name) {
    gradient_verdict(check$tensor_differences[[name]], check$tensor_errors[[name]], check$tensor_noise[[name]])
  }, character(1))
}

test_that("the record has exactly the contract's fields, one entry per tensor", {
  problem <- synthetic_problem(c(3, 4, 2), "softmax", 6, 5)
  for (mode in c("plain", "full", "fast")) {
    check <- gradient_check(problem$X, problem$Y, problem$params, list(output_activation = "softmax", grad_check_mode = mode, seed = 3), list())
    expect_setequal(names(check), RECORD_FIELDS)
    for (field in c("tensor_differences", "tensor_errors", "tensor_noise", "tensor_modes")) {
      expect_identical(names(check[[field]]), c("dW1", "db1", "dW2", "db2"), label = paste(mode, field))
    }
    # the overall noise is eta sqrt(n) over the compared pairs, the tensors' add up in squares
    expect_equal(check$noise^2, sum(unlist(check$tensor_noise)^2), tolerance = 1e-12)
    expect_equal(check$error^2, sum(unlist(check$tensor_errors)^2), tolerance = 1e-12)
    expect_identical(check$verdict, gradient_verdict(check$difference, check$error, check$noise))
  }
})

test_that("tensor_slices gives 1-based inclusive ranges in the flat order", {
  expect_identical(tensor_slices(c(3, 4, 2)), list(dW1 = c(1, 12), db1 = c(13, 16), dW2 = c(17, 24), db2 = c(25, 26)))
})

test_that("finite_difference_noise follows its formula on a hand-sized network", {
  X <- matrix(c(1, 3, -2, 0), nrow = 2)
  Y <- matrix(c(1, 0), nrow = 1)
  params <- list(W1 = matrix(c(0.5, -1), nrow = 1), b1 = matrix(0.25, 1, 1))
  options <- check_options("test", list(lambd = 0.4, grad_check_epsilon = 1e-6))
  forward <- forward_propagation(X, params, "relu", "sigmoid", 1, list())
  z <- as.vector(params$W1 %*% X) + 0.25
  a <- 1 / (1 + exp(-z))
  losses <- log1p(exp(z)) - as.vector(Y) * z
  # terms summed into each logit: |W| |x| + |b|, weighted by |dZL| = |a - y|
  summed <- as.vector(abs(params$W1) %*% abs(X)) + 0.25
  magnitude <- mean(losses) + mean(abs(a - as.vector(Y)) * summed) + 0.4 / (2 * 2) * (0.25 + 1)
  expect_equal(finite_difference_noise(forward$AL, Y, forward$caches, params, options), 2^-52 * sqrt(2) * magnitude / 1e-6, tolerance = 1e-12)
})

test_that("a correct network with tiny gradients is indeterminate where the noise dominates, never a bug", {
  case <- tiny_gradient_case()
  for (mode in c("plain", "full")) {
    check <- gradient_check(case$X, case$Y, case$params, c(case$options, grad_check_mode = mode), list())
    differences <- unlist(check$tensor_differences)
    expect_true(any(differences > 1e-5), label = sprintf("%s: some tensor beyond 1e-5 (the case tests the noise floor)", mode))
    verdicts <- tensor_verdicts(check)
    expect_true(all(verdicts[differences > 1e-5] == "indeterminate"), label = sprintf("%s: %s", mode, paste(verdicts, collapse = ", ")))
    expect_false(any(verdicts == "bug"))
    expect_false(check$verdict %in% c("suspicious", "bug"))
  }
})

test_that("with tiny gradients a doubled gradient tensor is still a bug", {
  case <- tiny_gradient_case()
  buggy <- implementation_copy()
  correct <- buggy$backward_propagation_unchecked
  buggy$backward_propagation_unchecked <- function(...) { grads <- correct(...); grads$dW2 <- 2 * grads$dW2; grads }
  for (mode in c("plain", "full", "fast")) {
    check <- buggy$gradient_check(case$X, case$Y, case$params, c(case$options, grad_check_mode = mode, seed = 1), list())
    expect_identical(check$verdict, "bug", label = mode)
    expect_identical(tensor_verdicts(check)[["dW2"]], "bug", label = mode)
    expect_gt(check$tensor_errors$dW2, check$tensor_noise$dW2)
  }
})

test_that("fast mode keeps a tensor directional when its directional error is within the noise", {
  case <- tiny_gradient_case()
  slices <- tensor_slices(c(2, 5, 1))
  set.seed(4)
  directions <- matrix(sample(c(-1, 1), 21 * 6, replace = TRUE), nrow = 21)
  check <- gradient_check(case$X, case$Y, case$params, c(case$options, grad_check_mode = "fast"), list(), directions)
  expect_identical(unlist(check$tensor_modes, use.names = FALSE), rep("directional", 4))
  beyond <- unlist(check$tensor_differences) > 1e-5
  expect_true(any(beyond))
  expect_true(all(unlist(check$tensor_errors)[beyond] <= unlist(check$tensor_noise)[beyond]))
  expect_equal(unname(unlist(check$tensor_noise)), rep(check$noise / sqrt(4 * 6) * sqrt(6), 4), tolerance = 1e-12)
  expect_true(all(is.nan(check$gradapprox)))
})

test_that("fast mode with explicit directions: analytic values are g'd, and runs repeat exactly", {
  problem <- synthetic_problem(c(4, 6, 5, 3), "softmax", 15, 141, "xavier")
  options <- check_options("test", list(hidden_activation = "tanh", output_activation = "softmax", grad_check_mode = "fast", lambd = 0.3))
  layer_dims <- c(4, 6, 5, 3)
  P <- tensor_slices(layer_dims)$db3[2]
  set.seed(77)
  directions <- matrix(sample(c(-1, 1), P * 3, replace = TRUE), nrow = P)
  forward <- forward_propagation(problem$X, problem$params, "tanh", "softmax", 1, list())
  grad <- gradients_to_vector(backward_propagation(forward$AL, problem$Y, forward$caches, "tanh", "softmax", 0.3, 1))
  noise <- finite_difference_noise(forward$AL, problem$Y, forward$caches, problem$params, options)
  fast <- fast_gradient_approximation(problem$X, problem$Y, problem$params, layer_dims, options, list(), forward$caches, grad, directions, noise)
  for (name in names(tensor_slices(layer_dims))) {
    range <- tensor_slices(layer_dims)[[name]]
    range <- range[1]:range[2]
    expect_identical(fast$directional[[name]]$analytic, as.vector(crossprod(directions[range, , drop = FALSE], grad[range])), label = name)
    expect_length(fast$directional[[name]]$numeric, 3)
    expect_lte(fast$directional[[name]]$difference, 1e-5)
  }
  # the same directions twice, whatever the RNG state or the seed option: identical records
  set.seed(1)
  first <- gradient_check(problem$X, problem$Y, problem$params, options, list(), directions)
  set.seed(2)
  second <- gradient_check(problem$X, problem$Y, problem$params, modifyList(options, list(seed = 99)), list(), directions)
  expect_identical(first, second)
  expect_identical(unlist(first$tensor_modes, use.names = FALSE), rep("directional", 6))
  # no directions: drawn after set.seed(seed) as a P x grad_check_directions matrix of +-1
  drawn <- gradient_check(problem$X, problem$Y, problem$params, modifyList(options, list(seed = 5, grad_check_directions = 2)), list())
  set.seed(5)
  recipe <- matrix(sample(c(-1, 1), P * 2, replace = TRUE), nrow = P)
  expect_identical(drawn, gradient_check(problem$X, problem$Y, problem$params, modifyList(options, list(seed = 123)), list(), recipe))
  expect_identical(drawn, gradient_check(problem$X, problem$Y, problem$params, modifyList(options, list(seed = 5, grad_check_directions = 2)), list(), matrix(numeric(0), 0, 0)))
})

test_that("a failing directional tensor falls back to the per-component check", {
  problem <- synthetic_problem(c(3, 5, 1), "sigmoid", 10, 111, "xavier")
  buggy <- implementation_copy()
  correct <- buggy$backward_propagation_unchecked
  buggy$backward_propagation_unchecked <- function(...) { grads <- correct(...); grads$db1 <- 3 * grads$db1; grads }
  directions <- matrix(rep(c(1, -1, -1, 1), length.out = 26 * 4), nrow = 26)
  check <- buggy$gradient_check(problem$X, problem$Y, problem$params, list(hidden_activation = "tanh", grad_check_mode = "fast"), list(), directions)
  expect_identical(unlist(check$tensor_modes, use.names = FALSE), c("directional", "full", "directional", "directional"))
  plain <- buggy$gradient_check(problem$X, problem$Y, problem$params, list(hidden_activation = "tanh", grad_check_mode = "plain"), list())
  expect_equal(check$gradapprox[16:20], plain$gradapprox[16:20], tolerance = 1e-6)
  expect_equal(check$tensor_differences$db1, plain$tensor_differences$db1, tolerance = 1e-6)
  expect_identical(check$verdict, "bug")
})

test_that("directions must be a P x K matrix of +-1", {
  problem <- synthetic_problem(c(3, 4, 1), "sigmoid", 6, 9)
  good <- matrix(1, 21, 2)
  options <- list(grad_check_mode = "fast")
  for (bad in list(matrix(1, 20, 2), matrix(1, 22, 1), rep(1, 21), replace(good, 3, 0), replace(good, 5, 2), replace(good, 1, NA), list(good))) {
    expect_bad_input(gradient_check(problem$X, problem$Y, problem$params, options, list(), bad), "gradient_check", "directions")
  }
  expect_silent(gradient_check(problem$X, problem$Y, problem$params, options, list(), good))
  expect_silent(gradient_check(problem$X, problem$Y, problem$params, options, list(), NULL))
})

test_that("full restricted to some tensors gives plain's values there and NaN elsewhere", {
  problem <- synthetic_problem(c(3, 4, 2, 3), "softmax", 7, 151)
  options <- check_options("test", list(hidden_activation = "leaky_relu", output_activation = "softmax", lambd = 0.2))
  layer_dims <- c(3, 4, 2, 3)
  forward <- forward_propagation(problem$X, problem$params, "leaky_relu", "softmax", 1, list())
  part <- full_gradient_approximation(problem$X, problem$Y, problem$params, layer_dims, options, list(), forward$caches, c("db1", "dW3"))
  whole <- full_gradient_approximation(problem$X, problem$Y, problem$params, layer_dims, options, list(), forward$caches, names(tensor_slices(layer_dims)))
  chosen <- c(13:16, 27:32)
  expect_identical(part$gradapprox[chosen], whole$gradapprox[chosen])
  expect_true(all(is.nan(part$gradapprox[-chosen])))
  expect_false(any(is.nan(whole$gradapprox)))
})

test_that("stacked_costs of V copies of the logits is compute_cost V times, bit for bit", {
  for (output in c("sigmoid", "softmax")) {
    problem <- synthetic_problem(c(3, 5, if (output == "sigmoid") 1 else 4), output, 9, 161)
    caches <- forward_propagation(problem$X, problem$params, "relu", output, 1, list())$caches
    ZL <- caches[[2]]$Z
    options <- check_options("test", list(output_activation = output, lambd = 0.7))
    J <- compute_cost(ZL, problem$Y, output, problem$params, 0.7)
    costs <- stacked_costs(cbind(ZL, ZL, ZL), problem$Y, options, weight_square_sums(problem$params)[, rep(1L, 3)])
    expect_identical(costs, rep(J, 3), label = output)
  }
})

test_that("a stacked rank-one row change gives the logits of a fresh forward pass on the moved examples", {
  problem <- synthetic_problem(c(3, 4, 5, 2), "softmax", 6, 171)
  options <- check_options("test", list(hidden_activation = "tanh", output_activation = "softmax", keep_prob = 0.75))
  masks <- synthetic_masks(c(3, 4, 5, 2), 6, 0.75, 172)
  caches <- forward_propagation(problem$X, problem$params, "tanh", "softmax", 0.75, masks)$caches
  # versions: W1[2, 3] + 0.01, b1[4] - 0.02; with tanh an example moves unless its unit is dropped
  changed <- stacked_row_change(1, c(2, 4), c(3, 4), c(0.01, -0.02), problem$params, options, masks, caches)
  expect_equal(changed$examples, c(which(masks[[1]][2, ] == 1), which(masks[[1]][4, ] == 1)), tolerance = 0)
  expect_equal(changed$versions, rep(c(1, 2), c(sum(masks[[1]][2, ]), sum(masks[[1]][4, ]))))
  expect_lt(length(changed$examples), 12)
  stacked <- stacked_forward_from_layer(2, changed$Z, problem$params, options, masks, caches, changed$examples)
  expect_identical(dim(stacked$ZL), c(2L, length(changed$examples)))
  versions <- list(modifyList(problem$params, list(W1 = replace(problem$params$W1, cbind(2, 3), problem$params$W1[2, 3] + 0.01))),
                   modifyList(problem$params, list(b1 = replace(problem$params$b1, 4, problem$params$b1[4] - 0.02))))
  for (v in 1:2) {
    fresh <- forward_propagation(problem$X, versions[[v]], "tanh", "softmax", 0.75, masks)$caches[[3]]$Z
    mine <- changed$versions == v
    expect_equal(stacked$ZL[, mine], fresh[, changed$examples[mine]], tolerance = 1e-14)
    # the examples a version does not move keep the unperturbed logits
    expect_identical(fresh[, -changed$examples[mine]], caches[[3]]$Z[, -changed$examples[mine]])
  }
})

test_that("ragged stacked costs: J_ref plus the moved examples' loss changes plus the L2 term", {
  problem <- synthetic_problem(c(3, 4, 3), "softmax", 5, 173)
  caches <- forward_propagation(problem$X, problem$params, "relu", "softmax", 1, list())$caches
  options <- check_options("test", list(output_activation = "softmax", lambd = 0.3))
  ZL <- caches[[2]]$Z
  reference <- as.vector(cross_entropy_terms(ZL, problem$Y, "softmax"))
  # version 1 moves examples 2 and 5, version 2 none, version 3 example 1
  examples <- c(2, 5, 1)
  versions <- c(1, 1, 3)
  moved_Z <- ZL[, examples] + 0.5
  norms <- weight_square_sums(problem$params)[, rep(1L, 3)] + matrix(c(0, 0, 0.1, 0, 0, 0.2), nrow = 2)
  costs <- stacked_costs(moved_Z, problem$Y, options, norms, list(examples = examples, versions = versions, reference_losses = reference))
  fresh <- function(columns) {
    Z <- ZL
    Z[, columns] <- Z[, columns] + 0.5
    Z
  }
  expected <- vapply(1:3, function(v) compute_cost(fresh(examples[versions == v]), problem$Y, "softmax", problem$params, 0) +
                       0.3 / (2 * 5) * sum(norms[, v]), numeric(1))
  expect_equal(costs, expected, tolerance = 1e-14)
})

test_that("saturated outputs keep the gradient check finite", {
  problem <- synthetic_problem(c(2, 6, 3), "softmax", 20, 181)
  params <- lapply(problem$params, function(x) x * 2000)  # logits in the thousands
  caches <- forward_propagation(problem$X, params, "relu", "softmax", 1, list())$caches
  expect_gt(max(abs(caches[[2]]$Z)), 1000)
  expect_true(is.finite(compute_cost(caches[[2]]$Z, problem$Y, "softmax", params, 0)))
  check <- gradient_check(problem$X, problem$Y, params, list(output_activation = "softmax"), list())
  expect_true(is.finite(check$difference))
  expect_false(check$verdict %in% c("suspicious", "bug"))
})
