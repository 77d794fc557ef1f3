## losses = cross_entropy_terms (ZL, Y, output_activation)
##
## The per-example cross-entropy losses l_i >= 0 (1 x m) computed from the output layer's
## logits ZL (n_L x m), never from its probabilities, so that a loss is finite wherever ZL is
## (docs/CONTRACT.md item 7):
##   sigmoid  l = softplus(z) - y z   (softplus(z) = max(z, 0) + log1p(exp(-|z|)))
##            (= -[y log a + (1 - y) log(1 - a)] with a = sigmoid(z))
##   softmax  per column s = z - max(z), l = log(sum_k exp(s_k)) - s[y]
##            (= -log AL[y, i]; the label's entry is picked, no one-hot product)
## Y holds 0-based labels (1 x m). compute_cost and the gradient check's stacked costs both
## call it, so the cost formula exists once. Inputs are not validated here.

function losses = cross_entropy_terms (ZL, Y, output_activation)
  if (strcmp (output_activation, "sigmoid"))
    losses = softplus (ZL) - Y .* ZL;
  else
    [n_classes, m] = size (ZL);
    s = ZL - max (ZL, [], 1);
    losses = log (sum (exp (s), 1)) - s((Y + 1) + n_classes * (0:m-1));
  endif
endfunction

%!test
%! ## Sigmoid by hand: -log a for y = 1, -log(1 - a) for y = 0, with a = sigmoid(z).
%! z = [log(4) -log(1.5) 0];          # a = .8, .4, .5
%! assert (cross_entropy_terms (z, [1 0 1], "sigmoid"), -[log(0.8) log(0.6) log(0.5)], 1e-15);
%!test
%! ## Softmax by hand: columns softmax([0; log 3]) = [1/4; 3/4], picked at labels 1 and 0.
%! z = [0 0; log(3) log(3)];
%! assert (cross_entropy_terms (z, [1 0], "softmax"), -[log(3/4) log(1/4)], 1e-15);
%!test
%! ## Saturation: z = +-1000 gives the analytic finite loss, never Inf or NaN.
%! assert (cross_entropy_terms ([1000 -1000 1000 -1000], [0 1 1 0], "sigmoid"), [1000 1000 0 0]);
%! assert (cross_entropy_terms ([1000 -1000; -1000 1000], [1 1], "softmax"), [2000 0]);
%!test
%! ## Losses are >= 0 and shift-invariant per column for softmax.
%! randn ("state", 1);
%! z = 5 * randn (4, 6); y = [0 1 2 3 3 1];
%! l = cross_entropy_terms (z, y, "softmax");
%! assert (all (l >= 0));
%! assert (cross_entropy_terms (z + [100 -50 3 0 7 1e3], y, "softmax"), l, 1e-12);
%! assert (all (cross_entropy_terms (z(1, :), [0 1 1 0 1 0], "sigmoid") >= 0));
