## slices = tensor_slices (layer_dims)
##
## Where each gradient tensor lives in the canonical flat vector (parameters_to_vector): a
## struct whose fields dW1, db1, ..., dWL, dbL, in that order, hold [first, last], 1-based and
## inclusive. LAYER_DIMS = [n_0, ..., n_L]. The gradient check's helpers all index by it.

function slices = tensor_slices (layer_dims)
  L = numel (layer_dims) - 1;
  names = gradient_names (L);
  slices = struct ();
  last = 0;
  for l = 1:L
    n_weights = layer_dims(l + 1) * layer_dims(l);
    slices.(names{2*l-1}) = [last + 1, last + n_weights];
    slices.(names{2*l}) = [last + n_weights + 1, last + n_weights + layer_dims(l + 1)];
    last = last + n_weights + layer_dims(l + 1);
  endfor
endfunction

%!test
%! ## [2 3 1]: W1 is 3x2 (1..6), b1 3 (7..9), W2 1x3 (10..12), b2 1 (13).
%! s = tensor_slices ([2 3 1]);
%! assert (fieldnames (s), {"dW1"; "db1"; "dW2"; "db2"});
%! assert ([s.dW1; s.db1; s.dW2; s.db2], [1 6; 7 9; 10 12; 13 13]);
%!test
%! ## The slices tile parameters_to_vector's layout exactly.
%! p = initialize_parameters ([3 4 2 2], "he", 1);
%! s = tensor_slices ([3 4 2 2]);
%! theta = parameters_to_vector (p);
%! assert (s.db3(2), numel (theta));
%! assert (theta(s.dW2(1):s.dW2(2)), p.W2(:));
%! assert (theta(s.db2(1):s.db2(2)), p.b2);
