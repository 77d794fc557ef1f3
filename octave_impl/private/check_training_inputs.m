## [X, Y, opts, permutations, masks, layer_dims] = check_training_inputs (fname, X, Y, params, options, permutations, masks)
##
## Validate, on behalf of FNAME, everything train and train_steps share, in this order: OPTIONS
## (check_options), X, PARAMS (chaining from X, output size fixed by the output activation), Y
## (check_data), PERMUTATIONS and, with keep_prob < 1, MASKS. Standalone draws happen here too,
## after rand ("state", options.seed) when a seed is given: empty PERMUTATIONS become
## draw_permutations (one per epoch, the identity when batch_size >= m), empty MASKS with
## keep_prob < 1 become draw_masks (uniform < keep_prob). Returns the form training_loop takes:
## OPTS with its defaults filled in, PERMUTATIONS a 0-based m x num_epochs double matrix, MASKS
## a 1 x (L-1) cell of (n_l, m * num_epochs) 0/1 doubles ({} without dropout) and
## LAYER_DIMS = [n_0, ..., n_L].

function [X, Y, opts, permutations, masks, layer_dims] = check_training_inputs (fname, X, Y, params, options, permutations, masks)
  opts = check_options (fname, options);
  check_matrix (fname, "X", X, false);   # its shape first: params must chain from its rows
  layer_dims = check_params (fname, params, rows (X), opts.output_activation);
  [X, Y] = check_data (fname, X, Y, opts.output_activation, layer_dims(end));
  m = columns (X);
  width = m * opts.num_epochs;
  if (! isempty (permutations))
    permutations = check_permutations (fname, permutations, m, opts.num_epochs);
  endif
  if (! (isempty (masks) || opts.keep_prob == 1))
    masks = check_masks (fname, masks, layer_dims, width, opts.keep_prob);
  endif
  if (! isempty (opts.seed))
    rand ("state", opts.seed);   # standalone draws become reproducible
  endif
  if (isempty (permutations))
    permutations = draw_permutations (m, opts.num_epochs, opts.batch_size);
  endif
  if (opts.keep_prob == 1)
    masks = {};
  elseif (isempty (masks))
    masks = draw_masks (layer_dims, width, opts.keep_prob);
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
%! ## Given masks come back as doubles.
%! [~, ~, ~, ~, masks] = check_training_inputs ("f", X, Y, p, struct ("keep_prob", 0.5), [], {logical([1 0 1; 1 1 0])});
%! assert (masks, {[1 0 1; 1 1 0]});

%!test
%! ## Standalone: the identity when one batch holds all of X, else draw_permutations; masks from
%! ## draw_masks; with a seed the draws repeat, and they are exactly the helpers' draws after
%! ## rand ("state", seed).
%! [~, ~, ~, perms, masks] = check_training_inputs ("f", X, Y, p, struct ("keep_prob", 0.5, "num_epochs", 3), [], {});
%! assert (perms, repmat ((0:2)', 1, 3));
%! assert (size (masks), [1 1]);
%! assert (size (masks{1}), [2 9]);
%! assert (all (masks{1}(:) == 0 | masks{1}(:) == 1));
%! o = struct ("keep_prob", 0.5, "num_epochs", 4, "batch_size", 1, "seed", 3);
%! [~, ~, ~, perms, masks] = check_training_inputs ("f", X, Y, p, o, [], {});
%! [~, ~, ~, perms2, masks2] = check_training_inputs ("f", X, Y, p, o, [], {});
%! assert (perms2, perms);
%! assert (masks2, masks);
%! rand ("state", 3);
%! assert (perms, draw_permutations (3, 4, 1));
%! assert (masks, draw_masks ([2 2 1], 12, 0.5));
%! assert (all (sort (perms) == (0:2)'));
%! rand ("state", 42);

%!error <\[Octave\] g: 'permutations' must be a 3x1 matrix> check_training_inputs ("g", X, Y, p, struct (), [0 1 1], {})
%!error <\[Octave\] g: 'masks\{1\}' must be a 2x3 matrix of 0/1> check_training_inputs ("g", X, Y, p, struct ("keep_prob", 0.5), [], {ones(2, 2)})
%!error <\[Octave\] g: 'optimizer' must be one of> check_training_inputs ("g", X, Y, p, struct ("optimizer", "sgd"), [], {})
%!error <\[Octave\] g: 'W1' must be a matrix with 3 columns> check_training_inputs ("g", [X; X(1, :)], Y, p, struct (), [], {})
%!error <\[Octave\] g: 'X' must be a non-empty real numeric matrix; got a 1x2 cell> check_training_inputs ("g", {1, 2}, Y, p, struct (), [], {})
%!error <\[Octave\] g: 'X' must be a finite non-empty real numeric matrix; got NaN at row 1, column 1> check_training_inputs ("g", [NaN 2 3; 4 5 6], Y, p, struct (), [], {})
%!error <\[Octave\] g: 'Y' must be labels 0 or 1> check_training_inputs ("g", X, [0 1 2], p, struct (), [], {})
