# Mini-batches, training loop, mask slicing (CONTRACT.md "Training masks").

test_that("random_mini_batches slices the permuted columns into consecutive batches", {
  X <- matrix(c(10, 20, 30, 40, 50, 1, 2, 3, 4, 5), nrow = 2, byrow = TRUE)
  Y <- matrix(c(1, 0, 1, 0, 0), nrow = 1)
  # permutation (0-based) 3, 0, 4, 1, 2 with batches of 2: {3, 0}, {4, 1}, {2}
  out <- random_mini_batches(X, Y, c(3, 0, 4, 1, 2), 2)
  expect_length(out$batches, 3)
  expect_identical(out$batches[[1]]$X, matrix(c(40, 4, 10, 1), nrow = 2))
  expect_identical(out$batches[[2]]$X, matrix(c(50, 5, 20, 2), nrow = 2))
  expect_identical(out$batches[[3]]$X, matrix(c(30, 3), nrow = 2))
  expect_identical(out$batches[[1]]$Y, matrix(c(0, 1), nrow = 1))
  expect_identical(out$batches[[3]]$Y, matrix(1, 1, 1))
  expect_equal(unname(out$ranges), matrix(c(0, 2, 4, 2, 4, 5), ncol = 2))
  # batch_size >= m: one batch in permutation order
  whole <- random_mini_batches(X, Y, matrix(0:4, ncol = 1), 64)
  expect_length(whole$batches, 1)
  expect_identical(whole$batches[[1]]$X, X)
  expect_bad_input(random_mini_batches(X, Y, c(0, 1, 2, 3, 3), 2), "random_mini_batches", "permutation")
})

# The same training done by hand: one update per batch with t counting across epochs.
manual_training <- function(problem, options, permutations, masks, batches_per_epoch, mask_columns) {
  params <- problem$params
  state <- initialize_optimizer(params, options$optimizer)
  t <- 0
  costs <- numeric(0)
  for (epoch in seq_len(ncol(permutations))) {
    rate <- scheduled_learning_rate(options, epoch - 1)
    for (k in seq_along(batches_per_epoch)) {
      columns <- permutations[batches_per_epoch[[k]], epoch] + 1
      batch_masks <- lapply(masks, function(mask) mask[, mask_columns[[epoch]][[k]], drop = FALSE])
      forward <- forward_propagation(problem$X[, columns, drop = FALSE], params, options$hidden_activation, options$output_activation, options$keep_prob, batch_masks)
      grads <- backward_propagation(forward$AL, problem$Y[, columns, drop = FALSE], forward$caches, options$hidden_activation, options$output_activation, options$lambd, options$keep_prob)
      t <- t + 1
      step <- update_parameters(params, grads, state, options, t, rate)
      params <- step$params
      state <- step$state
    }
    caches <- forward_propagation(problem$X, params, options$hidden_activation, options$output_activation, 1, list())$caches
    costs <- c(costs, compute_cost(caches[[length(caches)]]$Z, problem$Y, options$output_activation, params, options$lambd))
  }
  list(params = params, costs = matrix(costs, nrow = 1))
}

test_that("batch_size >= m with the identity permutation is repeated full-batch updates", {
  problem <- synthetic_problem(c(3, 4, 1), "sigmoid", 6, 31)
  options <- check_options("test", list(optimizer = "adam", learning_rate = 0.05, lr_schedule = "exponential", decay_rate = 0.9,
                                lambd = 0.3, num_epochs = 4, batch_size = 6, hidden_activation = "tanh"))
  identity <- matrix(rep(0:5, 4), ncol = 4)
  trained <- train(problem$X, problem$Y, problem$params, options, identity, list())
  expected <- manual_training(problem, options, identity, list(), list(1:6), rep(list(list(1:6)), 4))
  expect_equal(trained$params, expected$params, tolerance = 1e-14)
  expect_equal(trained$costs, expected$costs, tolerance = 1e-14)
  expect_identical(dim(trained$costs), c(1L, 4L))
  # standalone (no permutations given) uses the identity as well when batch_size >= m
  expect_equal(train(problem$X, problem$Y, problem$params, options, NULL, list()), trained, tolerance = 0)
})

test_that("mini-batches follow the permutation and masks are sliced per batch in permuted order", {
  problem <- synthetic_problem(c(3, 4, 3, 2), "softmax", 5, 41)
  options <- check_options("test", list(output_activation = "softmax", optimizer = "momentum", learning_rate = 0.1, keep_prob = 0.5,
                                num_epochs = 2, batch_size = 2, hidden_activation = "leaky_relu"))
  permutations <- matrix(c(3, 0, 4, 1, 2,
                           1, 4, 2, 0, 3), ncol = 2)
  masks <- synthetic_masks(c(3, 4, 3, 2), 10, 0.5, 42)
  # positions (1-based) of the three batches in the permuted order: 1-2, 3-4, 5; the masks of
  # epoch 0 are columns 1..5 in that order, those of epoch 1 are columns 6..10
  mask_columns <- list(list(1:2, 3:4, 5), list(6:7, 8:9, 10))
  trained <- train(problem$X, problem$Y, problem$params, options, permutations, masks)
  expected <- manual_training(problem, options, permutations, masks, list(1:2, 3:4, 5), mask_columns)
  expect_equal(trained$params, expected$params, tolerance = 1e-14)
  expect_equal(trained$costs, expected$costs, tolerance = 1e-14)
  # a different slicing (masks not aligned with the permuted order) gives a different result
  shifted <- manual_training(problem, options, permutations, masks, list(1:2, 3:4, 5), list(list(2:3, 4:5, 1), list(7:8, 9:10, 6)))
  expect_false(isTRUE(all.equal(trained$params, shifted$params)))
})

test_that("standalone training draws from R's RNG, reproducibly with options$seed", {
  problem <- synthetic_problem(c(2, 5, 1), "sigmoid", 20, 51)
  options <- list(keep_prob = 0.7, batch_size = 8, num_epochs = 3, learning_rate = 0.1, seed = 7)
  first <- train(problem$X, problem$Y, problem$params, options, NULL, list())
  second <- train(problem$X, problem$Y, problem$params, options, matrix(numeric(0), 0, 0), list())
  expect_identical(first, second)
  third <- train(problem$X, problem$Y, problem$params, modifyList(options, list(seed = 8)), NULL, list())
  expect_false(identical(first$params, third$params))
  expect_true(all(is.finite(first$costs)))
})
