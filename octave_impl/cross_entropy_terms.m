## terms = cross_entropy_terms (AL, Y, output_activation)
##
## The per-example log-likelihood terms (1 x m) whose mean, negated, is the data part of the
## cost: y log a + (1 - y) log(1 - a) for a sigmoid output, log AL[y_i, i] for a softmax
## (the label's entry picked, no one-hot product). compute_cost and the batched gradient
## check both use it, so the cost formula exists once. Inputs are not validated here.

function terms = cross_entropy_terms (AL, Y, output_activation)
  m = columns (AL);
  if (strcmp (output_activation, "sigmoid"))
    terms = Y .* log (AL) + (1 - Y) .* log (1 - AL);
  else
    terms = log (AL(sub2ind (size (AL), Y + 1, 1:m)));
  endif
endfunction

%!assert (cross_entropy_terms ([0.8 0.4], [1 0], "sigmoid"), [log(0.8) log(0.6)], 1e-15)
%!assert (cross_entropy_terms ([0.7 0.2; 0.3 0.8], [1 1], "softmax"), [log(0.3) log(0.8)], 1e-15)
