## [X, Y, opts, permutations, masks, layer_dims] = check_training_inputs (fname, X, Y, params, options, permutations, masks)
##
## Validate the arguments train and train_steps share, on behalf of FNAME, in this order:
## OPTIONS (check_options), X, PARAMS (chaining from X, output size fixed by the output
## activation), Y, PERMUTATIONS (empty: standalone draws; else m x num_epochs, 0-based) and, with
## keep_prob < 1, MASKS (empty: standalone draws; else a cell of L-1 0/1 matrices
## (n_l, m * num_epochs)). Returns OPTS with defaults filled in, PERMUTATIONS as a 0-based
## m x num_epochs double matrix ([] for draws), MASKS as a 1 x (L-1) cell ({} for draws or
## without dropout) and LAYER_DIMS = [n_0, ..., n_L]: the form training_loop expects.

function [X, Y, opts, permutations, masks, layer_dims] = check_training_inputs (fname, X, Y, params, options, permutations, masks)
  if (nargin != 7)
    print_usage ();
  endif
  opts = check_options (fname, options);
  X = check_data (fname, X);
  layer_dims = check_params (fname, params, rows (X), opts.output_activation);
  Y = check_labels (fname, Y, columns (X), opts.output_activation, layer_dims(end));
  m = columns (X);
  num_epochs = opts.num_epochs;
  if (isempty (permutations))
    permutations = [];
  else
    permutations = check_permutations (fname, permutations, m, num_epochs) - 1;
  endif
  if (opts.keep_prob < 1 && ! isempty (masks))
    masks = check_masks (fname, masks, layer_dims, m * num_epochs);
  else
    masks = {};
  endif
endfunction

%!shared X, Y, p
%! X = [1 2 3; 4 5 6];
%! Y = [0 1 1];
%! p = struct ("W1", ones (2, 2), "b1", zeros (2, 1), "W2", ones (1, 2), "b2", 0);

%!test
%! ## Permutations come back 0-based as m x num_epochs doubles; masks are ignored without dropout.
%! [X1, Y1, o, perms, masks, dims] = check_training_inputs ("f", X, Y, p, struct ("num_epochs", 2), int32 ([2 0; 1 1; 0 2]), {ones(2, 6)});
%! assert (X1, X);
%! assert (Y1, Y);
%! assert (o.num_epochs, 2);
%! assert (o.batch_size, 64);
%! assert (perms, [2 0; 1 1; 0 2]);
%! assert (class (perms), "double");
%! assert (masks, {});
%! assert (dims, [2 2 1]);

%!test
%! ## Standalone: empty permutations and masks stay empty (training_loop draws them).
%! [~, ~, o, perms, masks] = check_training_inputs ("f", X, Y, p, struct ("keep_prob", 0.5), [], {});
%! assert (perms, []);
%! assert (masks, {});
%! [~, ~, ~, ~, masks] = check_training_inputs ("f", X, Y, p, struct ("keep_prob", 0.5), [], {logical([1 0 1; 1 1 0])});
%! assert (masks, {[1 0 1; 1 1 0]});

%!error <\[Octave\] g: 'permutations' must be a 3x1 matrix> check_training_inputs ("g", X, Y, p, struct (), [0 1 1], {})
%!error <\[Octave\] g: 'masks\{1\}' must be a 2x3 matrix of 0/1> check_training_inputs ("g", X, Y, p, struct ("keep_prob", 0.5), [], {ones(2, 2)})
%!error <\[Octave\] g: 'optimizer' must be one of> check_training_inputs ("g", X, Y, p, struct ("optimizer", "sgd"), [], {})
%!error <\[Octave\] g: 'W1' must be a matrix with 3 columns> check_training_inputs ("g", [X; X(1, :)], Y, p, struct (), [], {})
%!error <\[Octave\] g: 'Y' must be labels 0 or 1> check_training_inputs ("g", X, [0 1 2], p, struct (), [], {})
