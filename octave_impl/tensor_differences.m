## differences = tensor_differences (grad, gradapprox, layer_dims, keep)
##
## gradient_difference restricted to each tensor's slice of the canonical flat vectors GRAD
## and GRADAPPROX: a struct with fields dW1, db1, ..., dWL, dbL (scalars). With the logical
## P x 1 mask KEEP only the kept components of each slice count (the gradient check leaves
## out kinks that way); a slice with none kept has difference 0.

function differences = tensor_differences (grad, gradapprox, layer_dims, keep)
  if (nargin < 4)
    keep = true (size (grad));
  endif
  differences = struct ();
  offset = 0;
  for l = 1:numel (layer_dims) - 1
    n_W = layer_dims(l + 1) * layer_dims(l);
    n_b = layer_dims(l + 1);
    slice = offset + find (keep(offset + (1:n_W)));
    differences.(sprintf ("dW%d", l)) = gradient_difference (grad(slice), gradapprox(slice));
    offset = offset + n_W;
    slice = offset + find (keep(offset + (1:n_b)));
    differences.(sprintf ("db%d", l)) = gradient_difference (grad(slice), gradapprox(slice));
    offset = offset + n_b;
  endfor
endfunction

%!test
%! ## dims [1 2 1]: slices dW1 = 1:2, db1 = 3:4, dW2 = 5:6, db2 = 7.
%! g = [1 1 2 2 3 3 4]';
%! a = [1 1 2 0 3 3 -4]';
%! d = tensor_differences (g, a, [1 2 1]);
%! assert (fieldnames (d), {"dW1"; "db1"; "dW2"; "db2"});
%! assert ([d.dW1, d.dW2], [0 0]);
%! assert (d.db1, 2 / (sqrt (8) + 2), 1e-15);
%! assert (d.db2, 1);
%!test
%! ## Leaving out component 4 and 7 makes db1 and db2 agree (db2 has nothing left: 0).
%! d = tensor_differences ([1 1 2 2 3 3 4]', [1 1 2 0 3 3 -4]', [1 2 1], logical ([1 1 1 0 1 1 0]'));
%! assert ([d.dW1, d.db1, d.dW2, d.db2], [0 0 0 0]);
