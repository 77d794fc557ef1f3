# Every bad input of CONTRACT.md's Errors section is rejected with
# "[R] <function>: '<argument>' must be <expected>; got <actual>".

valid <- function() {
  problem <- synthetic_problem(c(2, 3, 3, 1), "sigmoid", 4, 71)
  problem$masks <- synthetic_masks(c(2, 3, 3, 1), 4, 0.5, 72)
  problem
}

test_that("unknown activation, output, optimiser, schedule and init scheme", {
  p <- valid()
  expect_bad_input(forward_propagation(p$X, p$params, "softplus", "sigmoid", 1, list()), "forward_propagation", "hidden_activation")
  expect_bad_input(forward_propagation(p$X, p$params, "relu", "linear", 1, list()), "forward_propagation", "output_activation")
  expect_bad_input(activation_forward(matrix(1), "softplus"), "activation_forward", "activation")
  expect_bad_input(gradient_check(p$X, p$Y, p$params, list(hidden_activation = "elu"), list()), "gradient_check", "hidden_activation")
  expect_bad_input(train(p$X, p$Y, p$params, list(output_activation = "relu"), NULL, list()), "train", "output_activation")
  expect_bad_input(initialize_optimizer(p$params, "sgd"), "initialize_optimizer", "optimizer")
  state <- initialize_optimizer(p$params, "gd")
  grads <- setNames(lapply(p$params, function(x) x * 0), paste0("d", names(p$params)))
  expect_bad_input(update_parameters(p$params, grads, state, list(optimizer = "sgd"), 1, 0.1), "update_parameters", "optimizer")
  expect_bad_input(scheduled_learning_rate(list(lr_schedule = "step"), 0), "scheduled_learning_rate", "lr_schedule")
  expect_bad_input(initialize_parameters(c(2, 3, 1), "glorot"), "initialize_parameters", "scheme")
  expect_bad_input(gradient_check(p$X, p$Y, p$params, list(grad_check_mode = "slow"), list()), "gradient_check", "grad_check_mode")
})

test_that("X must be a finite non-empty numeric matrix", {
  p <- valid()
  bad_X <- list(nan = replace(p$X, 3, NaN), inf = replace(p$X, 1, Inf), na = replace(p$X, 2, NA),
                empty = matrix(numeric(0), 2, 0), text = matrix("a", 2, 4), vector = as.vector(p$X))
  for (X in bad_X) {
    expect_bad_input(forward_propagation(X, p$params, "relu", "sigmoid", 1, list()), "forward_propagation", "X")
    expect_bad_input(gradient_check(X, p$Y, p$params, list(), list()), "gradient_check", "X")
    expect_bad_input(train(X, p$Y, p$params, list(), NULL, list()), "train", "X")
    expect_bad_input(predict(X, p$params, "relu", "sigmoid"), "predict", "X")
  }
  expect_error(forward_propagation(bad_X$nan, p$params, "relu", "sigmoid", 1, list()), "finite non-empty numeric matrix; got a 2x4 double matrix with 1 non-finite entries")
})

test_that("Y must be 1 x m", {
  p <- valid()
  for (Y in list(rbind(p$Y, p$Y), p$Y[, 1:3, drop = FALSE], as.vector(p$Y), t(p$Y))) {
    expect_bad_input(gradient_check(p$X, Y, p$params, list(), list()), "gradient_check", "Y")
    expect_bad_input(train(p$X, Y, p$params, list(), NULL, list()), "train", "Y")
    expect_bad_input(compute_cost(matrix(0.5, 1, 4), Y, "sigmoid", p$params, 0), "compute_cost", "Y")
  }
})

test_that("labels must be 0/1 for sigmoid and 0..K-1 for softmax", {
  p <- valid()
  expect_bad_input(gradient_check(p$X, matrix(c(0, 1, 2, 1), nrow = 1), p$params, list(), list()), "gradient_check", "Y")
  expect_bad_input(compute_cost(matrix(0.5, 1, 4), matrix(c(0, 1, 0.5, 1), nrow = 1), "sigmoid", p$params, 0), "compute_cost", "Y")
  soft <- synthetic_problem(c(2, 3, 3), "softmax", 4, 73)
  options <- list(output_activation = "softmax")
  for (Y in list(matrix(c(0, 1, 3, 2), nrow = 1), matrix(c(0, -1, 2, 2), nrow = 1), matrix(c(0, 1, 1.5, 2), nrow = 1), matrix(c(0, NaN, 1, 2), nrow = 1))) {
    expect_bad_input(gradient_check(soft$X, Y, soft$params, options, list()), "gradient_check", "Y")
    expect_bad_input(train(soft$X, Y, soft$params, options, NULL, list()), "train", "Y")
  }
  expect_error(compute_cost(matrix(1 / 3, 3, 4), matrix(c(0, 1, 3, 2), nrow = 1), "softmax", soft$params, 0),
               "'Y' must be integer labels in 0..2 for a softmax output; got labels \\{0, 1, 2, 3\\}")
})

test_that("parameters must chain from X's rows and fit the output", {
  p <- valid()
  fp <- function(params, output = "sigmoid") forward_propagation(p$X, params, "relu", output, 1, list())
  expect_bad_input(fp(modifyList(p$params, list(W1 = matrix(0, 3, 3)))), "forward_propagation", "params$W1")
  expect_bad_input(fp(modifyList(p$params, list(W2 = matrix(0, 3, 2)))), "forward_propagation", "params$W2")
  expect_bad_input(fp(modifyList(p$params, list(b1 = matrix(0, 1, 3)))), "forward_propagation", "params$b1")
  expect_bad_input(fp(modifyList(p$params, list(b2 = c(0, 0, 0)))), "forward_propagation", "params$b2")
  expect_bad_input(fp(p$params[c("W1", "b1", "W2", "b2", "W3")]), "forward_propagation", "params")
  expect_bad_input(fp(c(p$params, list(extra = 1))), "forward_propagation", "params")
  expect_bad_input(fp(modifyList(p$params, list(W3 = matrix(0, 2, 3), b3 = matrix(0, 2, 1)))), "forward_propagation", "params$W3")
  expect_bad_input(fp(p$params, "softmax"), "forward_propagation", "params$W3")
  expect_bad_input(gradient_check(p$X, p$Y, modifyList(p$params, list(W2 = matrix(0, 3, 4))), list(), list()), "gradient_check", "params$W2")
})

test_that("keep_prob must lie in (0, 1]", {
  p <- valid()
  for (keep_prob in list(0, 1.5, -0.2, NaN, "1")) {
    expect_bad_input(forward_propagation(p$X, p$params, "relu", "sigmoid", keep_prob, p$masks), "forward_propagation", "keep_prob")
    expect_bad_input(gradient_check(p$X, p$Y, p$params, list(keep_prob = keep_prob), p$masks), "gradient_check", "keep_prob")
  }
})

test_that("masks of the wrong count or shape, or not 0/1, are refused", {
  p <- valid()
  fp <- function(masks) forward_propagation(p$X, p$params, "relu", "sigmoid", 0.5, masks)
  expect_bad_input(fp(p$masks[1]), "forward_propagation", "masks")
  expect_bad_input(fp(list()), "forward_propagation", "masks")
  expect_bad_input(fp(p$masks[[1]]), "forward_propagation", "masks")
  expect_bad_input(fp(list(p$masks[[1]][, 1:3], p$masks[[2]])), "forward_propagation", "masks[[1]]")
  expect_bad_input(fp(list(p$masks[[1]], t(p$masks[[2]]))), "forward_propagation", "masks[[2]]")
  expect_bad_input(fp(list(p$masks[[1]], replace(p$masks[[2]], 1, 2))), "forward_propagation", "masks[[2]]")
  expect_bad_input(gradient_check(p$X, p$Y, p$params, list(keep_prob = 0.5), list(replace(p$masks[[1]], 2, 0.5), p$masks[[2]])), "gradient_check", "masks[[1]]")
  # training masks span m * num_epochs columns
  expect_bad_input(train(p$X, p$Y, p$params, list(keep_prob = 0.5, num_epochs = 2), NULL, p$masks), "train", "masks[[1]]")
  # with keep_prob = 1 masks are ignored
  expect_silent(fp_one <- forward_propagation(p$X, p$params, "relu", "sigmoid", 1, list("anything")))
})

test_that("negative lambd, learning_rate or decay_rate are refused", {
  p <- valid()
  expect_bad_input(check_options("train", list(lambd = -0.1)), "train", "lambd")
  expect_bad_input(train(p$X, p$Y, p$params, list(learning_rate = -1), NULL, list()), "train", "learning_rate")
  expect_bad_input(scheduled_learning_rate(list(decay_rate = -0.5), 0), "scheduled_learning_rate", "decay_rate")
  expect_bad_input(compute_cost(matrix(0.5, 1, 4), p$Y, "sigmoid", p$params, -1), "compute_cost", "lambd")
  state <- initialize_optimizer(p$params, "gd")
  grads <- setNames(lapply(p$params, function(x) x * 0), paste0("d", names(p$params)))
  expect_bad_input(update_parameters(p$params, grads, state, list(), 1, -0.1), "update_parameters", "learning_rate")
  expect_bad_input(linear_backward(matrix(1, 1, 2), list(A_prev = matrix(1, 2, 2), W = matrix(1, 1, 2), b = matrix(0, 1, 1)), -1), "linear_backward", "lambd")
})

test_that("non-positive batch_size, num_epochs or grad_check_epsilon are refused", {
  p <- valid()
  expect_bad_input(train(p$X, p$Y, p$params, list(batch_size = 0), NULL, list()), "train", "batch_size")
  expect_bad_input(train(p$X, p$Y, p$params, list(batch_size = 2.5), NULL, list()), "train", "batch_size")
  expect_bad_input(train(p$X, p$Y, p$params, list(num_epochs = 0), NULL, list()), "train", "num_epochs")
  expect_bad_input(train(p$X, p$Y, p$params, list(num_epochs = -2), NULL, list()), "train", "num_epochs")
  expect_bad_input(gradient_check(p$X, p$Y, p$params, list(grad_check_epsilon = 0), list()), "gradient_check", "grad_check_epsilon")
  expect_bad_input(gradient_check(p$X, p$Y, p$params, list(grad_check_epsilon = -1e-7), list()), "gradient_check", "grad_check_epsilon")
  expect_bad_input(random_mini_batches(p$X, p$Y, 0:3, 0), "random_mini_batches", "batch_size")
  # integers given as doubles are fine
  expect_identical(check_options("test", list(batch_size = 64.0, num_epochs = 2L))$batch_size, 64)
})

test_that("permutations must be permutations of 0..m-1, one column per epoch", {
  p <- valid()
  options <- list(num_epochs = 2, batch_size = 2)
  tr <- function(permutations) train(p$X, p$Y, p$params, options, permutations, list())
  expect_bad_input(tr(matrix(c(0, 1, 2, 2, 0, 1, 2, 3), ncol = 2)), "train", "permutations")
  expect_bad_input(tr(matrix(c(1, 2, 3, 4, 0, 1, 2, 3), ncol = 2)), "train", "permutations")
  expect_bad_input(tr(matrix(c(0, 1, 2, 3.5, 0, 1, 2, 3), ncol = 2)), "train", "permutations")
  expect_bad_input(tr(matrix(c(0, 1, 2, 3), ncol = 1)), "train", "permutations")
  expect_bad_input(tr(c(0, 1, 2, 3, 0, 1, 2, 3)), "train", "permutations")
  expect_error(tr(matrix(c(0, 1, 2, 3, 0, 1, 1, 3), ncol = 2)), "got column 1 \\(0-based\\) that is not one")
})

test_that("options must be a named list of known fields", {
  p <- valid()
  expect_bad_input(gradient_check(p$X, p$Y, p$params, list(learningrate = 0.1), list()), "gradient_check", "options")
  expect_bad_input(train(p$X, p$Y, p$params, list(0.1), NULL, list()), "train", "options")
  expect_bad_input(train(p$X, p$Y, p$params, "adam", NULL, list()), "train", "options")
  expect_bad_input(check_options("check_options", list(beta = "x")), "check_options", "beta")
  expect_identical(check_options("test", NULL)$hidden_activation, "relu")
})

test_that("layer_dims must be at least two positive integers", {
  expect_bad_input(initialize_parameters(c(2), "he"), "initialize_parameters", "layer_dims")
  expect_bad_input(initialize_parameters(c(2, 0, 1), "he"), "initialize_parameters", "layer_dims")
  expect_bad_input(initialize_parameters(c(2, 1.5, 1), "he"), "initialize_parameters", "layer_dims")
  expect_identical(dim(initialize_parameters(list(2, 3, 1), "he")$W1), c(3L, 2L))
})
