## layer_dims = check_layer_dims (fname, layer_dims)
##
## Validate LAYER_DIMS as at least two positive whole numbers [n_0, n_1, ..., n_L] on behalf of
## FNAME and return it as a double row; a bad-input error naming the argument otherwise.

function layer_dims = check_layer_dims (fname, layer_dims)
  if (! (isnumeric (layer_dims) && isreal (layer_dims) && isvector (layer_dims) && numel (layer_dims) >= 2 ...
         && all (layer_dims >= 1 & layer_dims == round (layer_dims))))
    bad_input (fname, "layer_dims", "a vector of at least 2 positive integers", describe_value (layer_dims));
  endif
  layer_dims = double (layer_dims(:)');
endfunction

%!assert (check_layer_dims ("f", [2; 3; 1]), [2 3 1])
%!assert (check_layer_dims ("f", int8 ([4 1])), [4 1])
%!error <\[Octave\] f: 'layer_dims' must be a vector of at least 2 positive integers; got 2> check_layer_dims ("f", 2)
%!error <'layer_dims' must be a vector of at least 2 positive integers> check_layer_dims ("f", [2 0 1])
%!error <'layer_dims' must be a vector of at least 2 positive integers> check_layer_dims ("f", [2 1.5 1])
%!error <'layer_dims' must be a vector of at least 2 positive integers; got a 2x2 double> check_layer_dims ("f", ones (2))
