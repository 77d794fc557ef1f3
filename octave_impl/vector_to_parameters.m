## params = vector_to_parameters (theta, layer_dims)
##
## Inverse of parameters_to_vector: cut the flat vector THETA (P x 1, any vector accepted)
## into W1, b1, ..., WL, bL for LAYER_DIMS = [n_0, ..., n_L], refilling each tensor column by
## column. THETA must hold exactly sum_l (n_l n_{l-1} + n_l) numbers.

function params = vector_to_parameters (theta, layer_dims)
  fname = "vector_to_parameters";
  if (nargin != 2)
    print_usage ();
  endif
  layer_dims = check_layer_dims (fname, layer_dims);
  P = sum (layer_dims(2:end) .* layer_dims(1:end-1) + layer_dims(2:end));
  if (! (isnumeric (theta) && isreal (theta) && isvector (theta) && numel (theta) == P))
    bad_input (fname, "theta", sprintf ("a real vector of %d numbers for layer_dims [%s]", P, num2str (layer_dims)), ...
                     describe_value (theta));
  endif
  theta = double (theta(:));
  L = numel (layer_dims) - 1;
  names = parameter_names (L);
  params = struct ();
  offset = 0;
  for l = 1:L
    n_l = layer_dims(l + 1);
    n_prev = layer_dims(l);
    params.(names{2*l-1}) = reshape (theta(offset + (1:n_l * n_prev)), n_l, n_prev);
    offset = offset + n_l * n_prev;
    params.(names{2*l}) = theta(offset + (1:n_l));
    offset = offset + n_l;
  endfor
endfunction

%!test
%! ## Column-major by hand: 1..6 refill W1 (2x3) as [1 3 5; 2 4 6].
%! p = vector_to_parameters ((1:11)', [3 2 1]);
%! assert (p.W1, [1 3 5; 2 4 6]);
%! assert (p.b1, [7; 8]);
%! assert (p.W2, [9 10]);
%! assert (p.b2, 11);
%! assert (fieldnames (p), {"W1"; "b1"; "W2"; "b2"});
%!test
%! ## Round trip both ways on a 4-layer shape.
%! dims = [3 5 4 2 3];
%! P = sum (dims(2:end) .* dims(1:end-1) + dims(2:end));
%! theta = randn (P, 1);
%! p = vector_to_parameters (theta, dims);
%! assert (parameters_to_vector (p), theta);
%! assert (vector_to_parameters (parameters_to_vector (p), dims), p);
%! assert (size (p.W3), [2 4]);
%! assert (size (p.b4), [3 1]);
%!error <vector_to_parameters: 'theta' must be a real vector of 11 numbers for layer_dims \[3  2  1\]; got a 10x1 double> vector_to_parameters ((1:10)', [3 2 1])
%!error <vector_to_parameters: 'layer_dims' must be a vector of at least 2 positive integers> vector_to_parameters ((1:10)', [3 -2 1])
