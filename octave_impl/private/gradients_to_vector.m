## theta = gradients_to_vector (grads)
##
## The flat gradient (P x 1) in the canonical order of parameters_to_vector: for l = 1..L,
## dWl(:) then dbl(:), each tensor stacked column by column (column-major). GRADS is a struct
## dW1, db1, ..., dWL, dbL as backward_propagation returns it (not validated).

function theta = gradients_to_vector (grads)
  L = numfields (grads) / 2;
  names = gradient_names (L);
  P = 0;
  for i = 1:2*L
    P = P + numel (grads.(names{i}));
  endfor
  theta = zeros (P, 1);
  offset = 0;
  for l = 1:L
    W = grads.(names{2*l-1});
    b = grads.(names{2*l});
    theta(offset + (1:numel (W))) = W(:);
    offset = offset + numel (W);
    theta(offset + (1:numel (b))) = b(:);
    offset = offset + numel (b);
  endfor
endfunction

%!test
%! ## Column-major by hand: dW1 = [1 2 3; 4 5 6] flattens to 1 4 2 5 3 6, then db1, dW2, db2.
%! g = struct ("dW1", [1 2 3; 4 5 6], "db1", [7; 8], "dW2", [9 10], "db2", 11);
%! assert (gradients_to_vector (g), [1 4 2 5 3 6 7 8 9 10 11]');
%!test
%! ## The same layout as parameters_to_vector, whatever the field order of the struct.
%! p = initialize_parameters ([3 4 2], "he", 1);
%! g = struct ("db2", p.b2, "dW2", p.W2, "db1", p.b1, "dW1", p.W1);
%! assert (gradients_to_vector (g), parameters_to_vector (p));
