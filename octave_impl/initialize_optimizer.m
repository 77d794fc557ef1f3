## state = initialize_optimizer (params, optimizer)
##
## Optimiser state for OPTIMIZER ("gd", "momentum", "rmsprop" or "adam"): a struct with fields
## v (first moment / velocity) and s (second moment), each a struct dW1, db1, ..., dWL, dbL of
## zeros in the shapes of W1, b1, .... Every optimiser gets both (gd simply never reads them),
## so the state has one shape throughout.

function state = initialize_optimizer (params, optimizer)
  fname = "initialize_optimizer";
  if (nargin != 2)
    print_usage ();
  endif
  check_options (fname, struct ("optimizer", {optimizer}));
  layer_dims = check_params (fname, params, [], []);
  L = numel (layer_dims) - 1;
  names = parameter_names (L);
  zero = cell2struct (cellfun (@(name) zeros (size (params.(name))), names(:), "UniformOutput", false), gradient_names (L)(:), 1);
  state = struct ("v", zero, "s", zero);
endfunction

%!test
%! p = struct ("W1", ones (3, 2), "b1", ones (3, 1), "W2", ones (1, 3), "b2", 1);
%! for opt = {"gd", "momentum", "rmsprop", "adam"}
%!   state = initialize_optimizer (p, opt{1});
%!   assert (fieldnames (state), {"v"; "s"});
%!   assert (fieldnames (state.v), {"dW1"; "db1"; "dW2"; "db2"});
%!   assert (state.v.dW1, zeros (3, 2));
%!   assert (state.s.db1, zeros (3, 1));
%!   assert (state.s.dW2, zeros (1, 3));
%!   assert (state.v.db2, 0);
%! endfor
%!error <initialize_optimizer: 'optimizer' must be one of \{gd, momentum, rmsprop, adam\}; got 'nadam'> initialize_optimizer (struct ("W1", 1, "b1", 0), "nadam")
%!error <initialize_optimizer: 'params' must be a struct with fields W1, b1> initialize_optimizer (struct ("W1", 1), "gd")
