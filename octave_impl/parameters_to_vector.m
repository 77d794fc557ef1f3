## theta = parameters_to_vector (params, prefix)
##
## The canonical flat vector (P x 1): for l = 1..L, Wl(:) then bl(:), each tensor stacked
## column by column (column-major, Octave's native order). With PREFIX "d" the fields dW1,
## db1, ... of a gradient struct are flattened in the same order.

function theta = parameters_to_vector (params, prefix)
  fname = "parameters_to_vector";
  if (nargin < 1 || nargin > 2)
    print_usage ();
  endif
  if (nargin < 2)
    prefix = "";
  endif
  layer_dims = check_params (fname, params, [], [], prefix);
  L = numel (layer_dims) - 1;
  P = sum (layer_dims(2:end) .* layer_dims(1:end-1) + layer_dims(2:end));
  theta = zeros (P, 1);
  offset = 0;
  for l = 1:L
    W = params.(sprintf ("%sW%d", prefix, l));
    b = params.(sprintf ("%sb%d", prefix, l));
    theta(offset + (1:numel (W))) = W(:);
    offset = offset + numel (W);
    theta(offset + (1:numel (b))) = b(:);
    offset = offset + numel (b);
  endfor
endfunction

%!test
%! ## Column-major by hand: W1 = [1 2 3; 4 5 6] flattens to 1 4 2 5 3 6, then b1, W2, b2.
%! p = struct ("W1", [1 2 3; 4 5 6], "b1", [7; 8], "W2", [9 10], "b2", 11);
%! assert (parameters_to_vector (p), [1 4 2 5 3 6 7 8 9 10 11]');
%!test
%! g = struct ("dW1", [1 3; 2 4], "db1", [5; 6]);
%! assert (parameters_to_vector (g, "d"), (1:6)');
%!error <parameters_to_vector: 'params' must be a struct with fields W1, b1> parameters_to_vector (struct ("W1", 1))
%!error <parameters_to_vector: 'W2' must be a matrix with 3 columns \(the rows of W1\)> parameters_to_vector (struct ("W1", ones (3, 2), "b1", zeros (3, 1), "W2", ones (1, 2), "b2", 0))
