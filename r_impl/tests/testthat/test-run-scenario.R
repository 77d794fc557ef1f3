# run_scenario: every stage comes back; a failing stage is reported without losing the others.

scenario <- function() {
  problem <- synthetic_problem(c(3, 4, 3), "softmax", 8, 61)
  options <- list(output_activation = "softmax", optimizer = "adam", learning_rate = 0.05, keep_prob = 0.75,
                  num_epochs = 2, batch_size = 3, lambd = 0.1, lr_schedule = "inverse_time", decay_rate = 1)
  c(problem, list(options = options, check_masks = synthetic_masks(c(3, 4, 3), 8, 0.75, 62),
                  permutations = matrix(c(7, 6, 5, 4, 3, 2, 1, 0, 0:7), ncol = 2),
                  train_masks = synthetic_masks(c(3, 4, 3), 16, 0.75, 63)))
}

run <- function(s) run_scenario(s$X, s$Y, s$params, s$options, s$check_masks, s$permutations, s$train_masks)

test_that("a valid scenario returns every stage, each equal to its function's result", {
  s <- scenario()
  record <- run(s)
  expect_length(record$errors, 0)
  o <- check_options("test", s$options)
  forward <- forward_propagation(s$X, s$params, o$hidden_activation, o$output_activation, o$keep_prob, s$check_masks)
  expect_identical(record$cost, compute_cost(forward$caches[[2]]$Z, s$Y, "softmax", s$params, 0.1))
  grads <- backward_propagation(forward$AL, s$Y, forward$caches, o$hidden_activation, "softmax", 0.1, 0.75)
  expect_identical(record$grads, grads)
  expect_identical(record$gradcheck, gradient_check(s$X, s$Y, s$params, s$options, s$check_masks))
  expect_lte(record$gradcheck$difference, 1e-7)
  expect_identical(record$update, update_parameters(s$params, grads, initialize_optimizer(s$params, "adam"), s$options, 1, 0.05))
  trained <- train(s$X, s$Y, s$params, s$options, s$permutations, s$train_masks)
  expect_identical(record$training$costs, trained$costs)
  expect_identical(record$training$params, trained$params)
  labels <- predict(s$X, trained$params, "relu", "softmax")
  expect_identical(record$predict, list(labels = labels, accuracy = accuracy(labels, s$Y)))
})

test_that("the eighth argument passes the fast check's directions; seven arguments still work", {
  s <- scenario()
  s$options$grad_check_mode <- "fast"
  set.seed(64)
  directions <- matrix(sample(c(-1, 1), 31 * 5, replace = TRUE), nrow = 31)
  record <- run_scenario(s$X, s$Y, s$params, s$options, s$check_masks, s$permutations, s$train_masks, directions)
  expect_length(record$errors, 0)
  expect_identical(record$gradcheck, gradient_check(s$X, s$Y, s$params, s$options, s$check_masks, directions))
  s$options$seed <- 8
  seven <- run(s)
  expect_identical(seven$gradcheck, gradient_check(s$X, s$Y, s$params, s$options, s$check_masks))
  bad <- run_scenario(s$X, s$Y, s$params, s$options, s$check_masks, s$permutations, s$train_masks, directions[-1, ])
  expect_match(bad$errors$gradcheck, "^\\[R\\] gradient_check: 'directions' must be ")
  expect_false(is.null(bad$training))
})

test_that("a failing training stage is reported while the other stages still come back", {
  s <- scenario()
  s$permutations[1, 2] <- 5                      # column 2 repeats 5 and lacks 0
  record <- run(s)
  expect_match(record$errors$training, "^\\[R\\] train: 'permutations' must be ")
  expect_match(record$errors$predict, "'training'")
  expect_null(record$training)
  expect_null(record$predict)
  for (stage in c("cost", "grads", "gradcheck", "update")) expect_false(is.null(record[[stage]]), label = stage)
})

test_that("bad check masks fail the first stages but not training and prediction", {
  s <- scenario()
  s$check_masks[[1]][2, 3] <- 0.5
  record <- run(s)
  for (stage in c("cost", "grads", "gradcheck")) expect_match(record$errors[[stage]], "'masks\\[\\[1\\]\\]' must be a mask of 0/1 entries", label = stage)
  expect_match(record$errors$update, "'grads'")
  expect_false(is.null(record$training))
  expect_false(is.null(record$predict))
})

test_that("bad options are reported by every stage", {
  s <- scenario()
  s$options$optimizer <- "sgd"
  record <- run(s)
  for (stage in c("cost", "grads", "gradcheck", "training")) expect_match(record$errors[[stage]], "^\\[R\\] .*'optimizer' must be one of", label = stage)
  expect_match(record$errors$update, "'grads'")
  expect_identical(names(record), "errors")
})
