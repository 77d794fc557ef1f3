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
    losses <- cross_entropy_terms(cbind(ZL, ZL, ZL), matrix(rep.int(problem$Y, 3), nrow = 1), output)
    costs <- stacked_costs(losses, problem$Y, options, weight_square_sums(problem$params)[, rep(1L, 3)])
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
  expect_identical(changed$units, c(2, 4)[changed$versions])
  stacked <- stacked_forward_from_layer(2, moved_stack(1, changed, problem$params, caches), problem$params, options, masks, caches,
                                        changed$examples)
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
  losses <- cross_entropy_terms(moved_Z, problem$Y[, examples, drop = FALSE], "softmax")
  costs <- stacked_costs(losses, problem$Y, options, norms, list(examples = examples, versions = versions, reference_losses = reference))
  fresh <- function(columns) {
    Z <- ZL
    Z[, columns] <- Z[, columns] + 0.5
    Z
  }
  expected <- vapply(1:3, function(v) compute_cost(fresh(examples[versions == v]), problem$Y, "softmax", problem$params, 0) +
                       0.3 / (2 * 5) * sum(norms[, v]), numeric(1))
  expect_equal(costs, expected, tolerance = 1e-14)
})

test_that("moved_stack pushes a hidden change into Z_{l+1} and replaces a logit; nothing moved is an empty stack", {
  params <- list(W1 = matrix(c(1, -1), 2), b1 = matrix(0, 2, 1), W2 = matrix(c(2, 4, 3, 5), 2), b2 = matrix(0, 2, 1))
  caches <- forward_propagation(matrix(c(1, 2), 1), params, "relu", "softmax", 1, list())$caches
  Z2 <- caches[[2]]$Z
  moves <- list(examples = c(2, 1), versions = c(1, 2), units = c(1, 1), old = c(2, 1), new = c(1.5, 0))
  expect_identical(moved_stack(1, moves, params, caches), cbind(Z2[, 2] - 0.5 * c(2, 4), Z2[, 1] - c(2, 4)))
  moves$units <- c(2, 1)
  expect_identical(moved_stack(2, moves, params, caches), cbind(c(Z2[1, 2], 1.5), c(0, Z2[2, 1])))
  none <- list(examples = integer(0), versions = integer(0), units = integer(0), old = numeric(0), new = numeric(0))
  expect_identical(dim(moved_stack(1, none, params, caches)), c(2L, 0L))
  expect_identical(dim(moved_stack(2, none, params, caches)), c(2L, 0L))
})

test_that("stacked_row_change gives the moved entries of A_l (or of Z_L) before and after the change", {
  problem <- synthetic_problem(c(3, 4, 3), "softmax", 6, 175)
  options <- check_options("test", list(hidden_activation = "relu", output_activation = "softmax"))
  caches <- forward_propagation(problem$X, problem$params, "relu", "softmax", 1, list())$caches
  hidden <- stacked_row_change(1, c(2, 3), c(1, 4), c(0.5, -0.25), problem$params, options, list(), caches)
  A1 <- caches[[2]]$linear_cache$A_prev
  expect_identical(hidden$units, c(2, 3)[hidden$versions])
  expect_identical(hidden$old, A1[cbind(hidden$units, hidden$examples)])
  changed_Z <- caches[[1]]$Z[cbind(hidden$units, hidden$examples)] +
    c(0.5, -0.25)[hidden$versions] * ifelse(hidden$versions == 1, problem$X[cbind(1, hidden$examples)], 1)
  expect_identical(hidden$new, pmax(changed_Z, 0))
  expect_true(all(hidden$new != hidden$old))
  output <- stacked_row_change(2, c(3, 1), c(5, 4), c(0.5, 0), problem$params, options, list(), caches)
  expect_identical(output$examples, 1:6)             # a bias moves every example, a zero step none
  expect_identical(output$units, rep(3, 6))
  expect_identical(output$old, caches[[2]]$Z[3, ])
  expect_identical(output$new, caches[[2]]$Z[3, ] + 0.5)
})

test_that("loss_expansion's series is the loss change of the moved logits, for a hidden unit and for a logit", {
  set.seed(176)
  ZL <- matrix(rnorm(24), 4)
  Y <- matrix(c(0, 3, 1, 2, 2, 0), nrow = 1)
  W <- matrix(rnorm(20), 4)
  expansion <- loss_expansion(W, ZL, Y)
  reference <- cross_entropy_terms(ZL, Y, "softmax")
  d <- 3e-6
  for (i in c(1, 4)) {
    moved <- cross_entropy_terms(ZL + W[, i] * d, Y, "softmax")
    series <- log1p(d * (expansion$P1[i, ] + d * (expansion$P2[i, ] + d * expansion$P3[i, ]))) - d * expansion$label_weights[i, ]
    expect_equal(series, as.vector(moved - reference), tolerance = 1e-15, scale = 1, label = paste("unit", i))
  }
  expect_identical(expansion$reach, apply(abs(W), 2, max))
  expect_identical(expansion$REACH, 1e-4)
  logits <- loss_expansion(diag(4), ZL, Y)
  expect_identical(logits$label_weights, outer(1:4, as.vector(Y) + 1, "==") + 0)
  expect_identical(logits$reach, rep(1, 4))
  # a column with an infinite logit gives NaN terms, the others stay finite
  infinite <- loss_expansion(matrix(c(1, 3, 2, 4), 2), matrix(c(Inf, 0, 1, 2), 2), matrix(c(0, 1), 1))
  expect_true(all(is.nan(infinite$P1[, 1])))
  expect_true(all(is.finite(infinite$P1[, 2])))
})

test_that("expanded_losses gives the stacked logits' losses where the series fits; a large step or a NaN does not fit", {
  set.seed(177)
  ZL <- matrix(rnorm(12), 3)
  Y <- matrix(c(2, 0, 1, 1), nrow = 1)
  W <- matrix(rnorm(6), 3)
  reference <- as.vector(cross_entropy_terms(ZL, Y, "softmax"))
  expansion <- loss_expansion(W, ZL, Y)
  units <- c(1, 2, 2)
  examples <- c(4, 1, 3)
  steps <- c(2e-7, -5e-6, 1)
  series <- expanded_losses(expansion, units, examples, steps, reference)
  expect_identical(series$fits, c(TRUE, TRUE, FALSE))
  moved <- ZL[, examples] + W[, units] * rep(steps, each = 3)
  exact <- as.vector(cross_entropy_terms(moved, Y[, examples, drop = FALSE], "softmax"))
  expect_equal(series$losses[series$fits], exact[series$fits], tolerance = 1e-15, scale = 1)
  # a NaN step or a non-finite reference loss does not fit
  small <- loss_expansion(matrix(c(1, 3, 2, 4), 2), matrix(c(0, 0, 1, 2), 2), matrix(c(0, 1), 1))
  expect_identical(expanded_losses(small, c(1, 2), c(1, 2), c(NaN, 1e-8), c(0.5, Inf))$fits, c(FALSE, FALSE))
})

test_that("full mode with the series and with stacks for the columns out of its reach equals plain", {
  # softmax after two hidden layers: layers 2 and 3 use the series; W3[, 2] scaled so that some
  # changes of hidden unit 2 of layer 2 reach beyond REACH and run through the stack
  problem <- synthetic_problem(c(3, 4, 3, 3), "softmax", 7, 178)
  problem$params$W3[, 2] <- problem$params$W3[, 2] * 10
  epsilon <- 3e-5
  options <- list(hidden_activation = "tanh", output_activation = "softmax", lambd = 0.1, grad_check_epsilon = epsilon)
  caches <- forward_propagation(problem$X, problem$params, "tanh", "softmax", 1, list())$caches
  expansion <- loss_expansion(problem$params$W3, caches[[3]]$Z, problem$Y)
  reference <- as.vector(cross_entropy_terms(caches[[3]]$Z, problem$Y, "softmax"))
  # the +eps versions of W2[1, ] and W2[2, ]: unit 1's all fit, some of unit 2's do not
  for (unit in 1:2) {
    moves <- stacked_row_change(2, rep(unit, 4), 1:4, rep(epsilon, 4), problem$params, check_options("test", options), list(), caches)
    fits <- expanded_losses(expansion, moves$units, moves$examples, moves$new - moves$old, reference)$fits
    if (unit == 1) expect_true(all(fits)) else expect_true(any(fits) && !all(fits))
  }
  plain <- gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "plain"), list())
  full <- gradient_check(problem$X, problem$Y, problem$params, c(options, grad_check_mode = "full"), list())
  J <- compute_cost(caches[[3]]$Z, problem$Y, "softmax", problem$params, 0.1)
  absolute <- 4 * .Machine$double.eps * max(1, J) / (2 * epsilon)
  expect_true(all(abs(full$gradapprox - plain$gradapprox) <= absolute + 1e-6 * abs(plain$gradapprox)))
  expect_identical(full$verdict, plain$verdict)
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
