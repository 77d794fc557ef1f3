# train_steps (CONTRACT.md item 19b): the loop of train, one record per listed update.

# 5 examples, batches of 2: 3 updates per epoch (the last batch has one column), 2 epochs.
steps_problem <- function() {
  problem <- synthetic_problem(c(3, 4, 3, 2), "softmax", 5, 61)
  options <- list(output_activation = "softmax", optimizer = "adam", learning_rate = 0.05, lr_schedule = "inverse_time",
                  decay_rate = 0.5, keep_prob = 0.6, lambd = 0.2, num_epochs = 2, batch_size = 2, hidden_activation = "tanh")
  permutations <- matrix(c(3, 0, 4, 1, 2,
                           1, 4, 2, 0, 3), ncol = 2)
  masks <- synthetic_masks(c(3, 4, 3, 2), 10, 0.6, 62)
  c(problem, list(options = options, permutations = permutations, masks = masks))
}

run_steps <- function(p, steps, states = NULL, options = p$options, permutations = p$permutations, masks = p$masks) {
  train_steps(p$X, p$Y, p$params, options, permutations, masks, steps, states)
}

test_that("recording every step reproduces train exactly, each update starting where the last ended", {
  p <- steps_problem()
  records <- run_steps(p, matrix(0:5, ncol = 1))
  expect_null(names(records))
  expect_length(records, 6)
  for (record in records) {
    expect_identical(names(record), c("before", "after"))
    expect_identical(names(record$before), c("params", "v", "s"))
    expect_identical(names(record$after), c("params", "v", "s", "grads"))
    expect_identical(names(record$after$params), parameter_names(3))
    for (part in c("v", "s", "grads")) expect_identical(names(record$after[[part]]), gradient_names(3))
  }
  zero <- initialize_optimizer(p$params, "adam")
  expect_identical(records[[1]]$before, list(params = p$params[parameter_names(3)], v = zero$v, s = zero$s))
  for (i in 2:6) expect_identical(records[[i]]$before, records[[i - 1]]$after[c("params", "v", "s")])
  trained <- train(p$X, p$Y, p$params, p$options, p$permutations, p$masks)
  expect_identical(records[[6]]$after$params, trained$params)
})

test_that("forced mode fed the recording's before states returns the same after, bit for bit", {
  p <- steps_problem()
  recorded <- run_steps(p, 0:5)
  forced <- run_steps(p, 0:5, lapply(recorded, function(record) record$before))
  expect_length(forced, 6)
  for (i in 1:6) {
    expect_identical(names(forced[[i]]), "after")
    expect_identical(forced[[i]]$after, recorded[[i]]$after)
  }
})

test_that("listing only a late step gives the same record as listing all of them", {
  p <- steps_problem()
  recorded <- run_steps(p, 0:5)
  expect_identical(run_steps(p, 4), recorded[5])
  expect_identical(run_steps(p, c(1, 4)), recorded[c(2, 5)])
  forced_all <- run_steps(p, 0:5, lapply(recorded, function(record) record$before))
  expect_identical(run_steps(p, matrix(4, 1, 1), list(recorded[[5]]$before)), forced_all[5])
  expect_identical(run_steps(p, matrix(c(0, 5), nrow = 1), list(recorded[[1]]$before, recorded[[6]]$before)), forced_all[c(1, 6)])
})

test_that("a forced step uses the given state with the loop's batch, masks, t and rate", {
  p <- steps_problem()
  options <- check_options("test", p$options)
  recorded <- run_steps(p, 4)
  modified <- recorded[[1]]$before
  modified$params$W2 <- modified$params$W2 + 0.25
  modified$v$db1 <- modified$v$db1 - 0.01
  modified$s$dW3 <- modified$s$dW3 * 3
  forced <- run_steps(p, 4, list(modified))[[1]]$after
  expect_false(identical(forced$params, recorded[[1]]$after$params))
  # update 4 = epoch 1 (0-based), its second batch: permuted positions 3..4, mask columns 5 + 3..4, t = 5
  columns <- p$permutations[3:4, 2] + 1
  batch_masks <- lapply(p$masks, function(mask) mask[, 5 + 3:4, drop = FALSE])
  pass <- forward_propagation(p$X[, columns, drop = FALSE], modified$params, "tanh", "softmax", 0.6, batch_masks)
  grads <- backward_propagation(pass$AL, p$Y[, columns, drop = FALSE], pass$caches, "tanh", "softmax", 0.2, 0.6)
  expected <- update_parameters(modified$params, grads, modified[c("v", "s")], options, 5, scheduled_learning_rate(options, 1))
  expect_identical(forced, list(params = expected$params, v = expected$state$v, s = expected$state$s, grads = grads))
  # the field order of a state does not matter
  reordered <- list(s = modified$s[rev(names(modified$s))], params = modified$params[rev(names(modified$params))], v = modified$v)
  expect_identical(run_steps(p, 4, list(reordered))[[1]]$after, forced)
})

test_that("standalone draws (no permutations, drawn masks) stay aligned when updates are skipped", {
  p <- synthetic_problem(c(2, 5, 1), "sigmoid", 20, 71)
  options <- list(keep_prob = 0.7, batch_size = 8, num_epochs = 3, learning_rate = 0.1, optimizer = "momentum",
                  lr_schedule = "exponential", decay_rate = 0.9, seed = 7)
  recorded <- train_steps(p$X, p$Y, p$params, options, NULL, list(), 0:8)
  trained <- train(p$X, p$Y, p$params, options, NULL, list())
  expect_identical(recorded[[9]]$after$params, trained$params)
  forced <- train_steps(p$X, p$Y, p$params, options, matrix(numeric(0), 0, 0), list(), c(2, 7), list(recorded[[3]]$before, recorded[[8]]$before))
  expect_identical(forced[[1]]$after, recorded[[3]]$after)
  expect_identical(forced[[2]]$after, recorded[[8]]$after)
})

test_that("no steps give no records", {
  p <- steps_problem()
  expect_identical(run_steps(p, numeric(0)), list())
  expect_identical(run_steps(p, matrix(numeric(0), 0, 1), list()), list())
})

test_that("bad steps and states are refused with the contract's message", {
  p <- steps_problem()
  recorded <- run_steps(p, 0:1)
  befores <- lapply(recorded, function(record) record$before)
  expect_bad_input(run_steps(p, c(1, 1)), "train_steps", "steps")
  expect_bad_input(run_steps(p, c(3, 2)), "train_steps", "steps")
  expect_bad_input(run_steps(p, 6), "train_steps", "steps")
  expect_bad_input(run_steps(p, -1), "train_steps", "steps")
  expect_bad_input(run_steps(p, 1.5), "train_steps", "steps")
  expect_bad_input(run_steps(p, NA_real_), "train_steps", "steps")
  expect_bad_input(run_steps(p, matrix(0:3, 2, 2)), "train_steps", "steps")
  expect_bad_input(run_steps(p, "0"), "train_steps", "steps")
  expect_bad_input(run_steps(p, list(0, 1)), "train_steps", "steps")
  expect_bad_input(run_steps(p, NULL), "train_steps", "steps")
  expect_error(run_steps(p, c(3, 2)), "'steps' must be strictly increasing")
  expect_error(run_steps(p, 6), "'steps' must be whole numbers in 0\\.\\.5")

  expect_bad_input(run_steps(p, 0:1, befores[1]), "train_steps", "states")
  expect_bad_input(run_steps(p, 0:1, "recorded"), "train_steps", "states")
  no_s <- befores
  no_s[[2]]$s <- NULL
  expect_bad_input(run_steps(p, 0:1, no_s), "train_steps", "states[[2]]")
  extra <- befores
  extra[[1]]$grads <- recorded[[1]]$after$grads
  expect_bad_input(run_steps(p, 0:1, extra), "train_steps", "states[[1]]")
  wrong_v <- befores
  wrong_v[[2]]$v$dW1 <- t(wrong_v[[2]]$v$dW1)
  expect_bad_input(run_steps(p, 0:1, wrong_v), "train_steps", "states[[2]]$v$dW1")
  wrong_name <- befores
  names(wrong_name[[1]]$s)[1] <- "W1"
  expect_bad_input(run_steps(p, 0:1, wrong_name), "train_steps", "states[[1]]$s")
  wrong_params <- befores
  wrong_params[[1]]$params$b2 <- rbind(wrong_params[[1]]$params$b2, 0)
  expect_bad_input(run_steps(p, 0:1, wrong_params), "train_steps", "states[[1]]$params$b2")
  # the inputs train checks are checked the same way
  expect_bad_input(run_steps(p, 0, options = modifyList(p$options, list(batch_size = 0))), "train_steps", "batch_size")
  expect_bad_input(run_steps(p, 0, permutations = p$permutations[, 1, drop = FALSE]), "train_steps", "permutations")
  expect_bad_input(run_steps(p, 0, masks = p$masks[1]), "train_steps", "masks")
})
