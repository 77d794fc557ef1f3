# tinynet: a small fully connected network in plain R, written without nnparity in mind.
#
# Its own conventions, which are not the contract's:
#   - data: one example per ROW (x is m x n), labels a plain integer vector y (0/1, or 0..K-1);
#   - a network is a list of layers, each list(weights = n_in x n_out matrix, bias = numeric
#     vector of n_out, act = "relu" | "tanh" | "sigmoid" | "softmax"), the last one the output;
#   - weight decay `decay` (the L2 strength), applied as decay / (2 m) * sum of squared weights.
# It only has a forward pass, a loss and a backward pass: no optimiser, no training loop.

tn_activate <- function(z, act) {
  switch(act,
    relu = pmax(z, 0),
    tanh = tanh(z),
    sigmoid = 1 / (1 + exp(-z)),
    softmax = { e <- exp(z - apply(z, 1, max)); e / rowSums(e) },
    stop(sprintf("tinynet: unknown activation '%s'", act)))
}

# Derivative of the activation at z, given its value a (the output layer never needs one).
tn_slope <- function(z, a, act) {
  switch(act,
    relu = (z > 0) * 1,
    tanh = 1 - a^2,
    sigmoid = a * (1 - a),
    stop(sprintf("tinynet: no derivative for '%s'", act)))
}

# Returns the output probabilities and the tape the backward pass reads: each layer's input and
# its pre-activation.
tn_forward <- function(net, x) {
  tape <- vector("list", length(net))
  a <- x
  for (i in seq_along(net)) {
    layer <- net[[i]]
    z <- a %*% layer$weights + matrix(layer$bias, nrow(a), length(layer$bias), byrow = TRUE)
    tape[[i]] <- list(input = a, pre = z)
    a <- tn_activate(z, layer$act)
  }
  list(out = a, tape = tape)
}

# Mean cross-entropy, taken from the logits so that a confident wrong answer costs a large finite
# number instead of log(0), plus the weight decay.
tn_loss <- function(net, x, y, decay = 0) {
  z <- tn_forward(net, x)$tape[[length(net)]]$pre
  if (net[[length(net)]]$act == "sigmoid") {
    terms <- pmax(z, 0) + log1p(exp(-abs(z))) - y * z
  } else {
    shifted <- z - apply(z, 1, max)
    terms <- log(rowSums(exp(shifted))) - shifted[cbind(seq_along(y), y + 1)]
  }
  squares <- sum(vapply(net, function(layer) sum(layer$weights^2), numeric(1)))
  mean(terms) + decay / (2 * nrow(x)) * squares
}

# Gradients of tn_loss, in the network's own layout: a list of layers with weights and bias.
tn_backward <- function(net, x, y, decay = 0) {
  pass <- tn_forward(net, x)
  m <- nrow(x)
  target <- if (ncol(pass$out) == 1) matrix(y, ncol = 1) else diag(ncol(pass$out))[y + 1, , drop = FALSE]
  delta <- (pass$out - target) / m  # sigmoid and softmax with cross-entropy share this form
  grads <- vector("list", length(net))
  for (i in rev(seq_along(net))) {
    step <- pass$tape[[i]]
    grads[[i]] <- list(weights = t(step$input) %*% delta + decay / m * net[[i]]$weights,
                       bias = colSums(delta))
    if (i > 1) {
      below <- pass$tape[[i - 1]]
      back <- delta %*% t(net[[i]]$weights)
      delta <- back * tn_slope(below$pre, step$input, net[[i - 1]]$act)
    }
  }
  grads
}
