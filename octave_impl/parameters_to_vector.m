## theta = parameters_to_vector (params)
##
## The canonical flat vector (P x 1): for l = 1..L, Wl(:) then bl(:), each tensor stacked
## column by column (column-major, Octave's native order), by the same loop as gradients_to_vector.

function theta = parameters_to_vector (params)
  fname = "parameters_to_vector";
  if (nargin != 1)
    print_usage ();
  endif
  layer_dims = check_params (fname, params, [], []);
  L = numel (layer_dims) - 1;
  ## One flattening loop in the implementation: the parameters, under the gradients' names.
  values = cellfun (@(name) params.(name), parameter_names (L), "UniformOutput", false);
  theta = gradients_to_vector (cell2struct (values, gradient_names (L), 2));
endfunction

%!test
%! ## Column-major by hand: W1 = [1 2 3; 4 5 6] flattens to 1 4 2 5 3 6, then b1, W2, b2.
%! p = struct ("W1", [1 2 3; 4 5 6], "b1", [7; 8], "W2", [9 10], "b2", 11);
%! assert (parameters_to_vector (p), [1 4 2 5 3 6 7 8 9 10 11]');
%!test
%! ## The canonical order whatever the struct's field order.
%! p = struct ("b1", [5; 6], "W1", [1 3; 2 4]);
%! assert (parameters_to_vector (p), (1:6)');
%!error <parameters_to_vector: 'params' must be a struct with fields W1, b1> parameters_to_vector (struct ("W1", 1))
%!error <parameters_to_vector: 'W2' must be a matrix with 3 columns \(the rows of W1\)> parameters_to_vector (struct ("W1", ones (3, 2), "b1", zeros (3, 1), "W2", ones (1, 2), "b2", 0))
