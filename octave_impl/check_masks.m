## masks = check_masks (fname, masks, layer_dims, n_cols, argname)
##
## Validate dropout masks on behalf of FNAME: a cell of L-1 matrices (one per hidden layer,
## L = numel (LAYER_DIMS) - 1), mask l of shape (n_l, N_COLS) holding only 0 and 1. N_COLS is m
## for one pass and m * num_epochs for training masks. ARGNAME names the argument in errors
## ("masks" unless given). An empty non-cell value counts as an empty cell. Returns a
## 1 x (L-1) cell of doubles. Callers skip this check when keep_prob == 1 (masks are ignored).

function masks = check_masks (fname, masks, layer_dims, n_cols, argname)
  if (nargin < 5)
    argname = "masks";
  endif
  n_hidden = numel (layer_dims) - 2;
  if (isempty (masks) && ! iscell (masks))
    masks = {};
  endif
  expected = sprintf ("a cell of %d 0/1 mask(s), one per hidden layer", n_hidden);
  if (! iscell (masks))
    raise_bad_input (fname, argname, expected, describe_value (masks));
  endif
  if (numel (masks) != n_hidden)
    raise_bad_input (fname, argname, expected, sprintf ("%d mask(s)", numel (masks)));
  endif
  masks = reshape (masks, 1, n_hidden);
  for l = 1:n_hidden
    D = masks{l};
    shape = [layer_dims(l + 1), n_cols];
    if (! ((isnumeric (D) || islogical (D)) && isreal (D) && ndims (D) == 2 && isequal (size (D), shape)))
      raise_bad_input (fname, sprintf ("%s{%d}", argname, l), sprintf ("a %dx%d matrix of 0/1", shape), describe_value (D));
    endif
    D = double (D);
    bad = find (! (D == 0 | D == 1), 1);
    if (! isempty (bad))
      [r, c] = ind2sub (shape, bad);
      raise_bad_input (fname, sprintf ("%s{%d}", argname, l), sprintf ("a %dx%d matrix of 0/1", shape), ...
                       sprintf ("%s at row %d, column %d", num2str (D(bad)), r, c));
    endif
    masks{l} = D;
  endfor
endfunction

%!test
%! masks = check_masks ("f", {logical([1 0; 0 1; 1 1]), [1 1]}, [2 3 1 1], 2);
%! assert (masks, {[1 0; 0 1; 1 1], [1 1]});
%! assert (class (masks{1}), "double");
%!assert (check_masks ("f", [], [2 1], 5), cell (1, 0))
%!assert (check_masks ("f", {}, [2 1], 5), cell (1, 0))
%!assert (size (check_masks ("f", {1; 1}, [2 1 1 1], 1)), [1 2])
%!error <f: 'masks' must be a cell of 2 0/1 mask\(s\), one per hidden layer; got 1 mask\(s\)> check_masks ("f", {ones(3, 2)}, [2 3 1 1], 2)
%!error <f: 'masks' must be a cell of 1 0/1 mask\(s\), one per hidden layer; got 0 mask\(s\)> check_masks ("f", {}, [2 3 1], 2)
%!error <f: 'masks' must be a cell of 1 .*; got a 3x2 double> check_masks ("f", ones (3, 2), [2 3 1], 2)
%!error <f: 'masks\{1\}' must be a 3x2 matrix of 0/1; got a 2x3 double> check_masks ("f", {ones(2, 3)}, [2 3 1], 2)
%!error <f: 'masks\{1\}' must be a 3x2 matrix of 0/1; got 0.5 at row 2, column 2> check_masks ("f", {[1 1; 1 0.5; 0 0]}, [2 3 1], 2)
%!error <f: 'train_masks\{2\}' must be a 1x4 matrix of 0/1; got a 1x2 double> check_masks ("f", {ones(3, 4), ones(1, 2)}, [2 3 1 1], 4, "train_masks")
