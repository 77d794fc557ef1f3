## masks = check_masks (fname, masks, layer_dims, width, keep_prob)
##
## Validate dropout masks on behalf of FNAME. With KEEP_PROB == 1 masks are ignored and {} comes
## back whatever was passed. Otherwise MASKS must be a cell of L-1 matrices (one per hidden
## layer, L = numel (LAYER_DIMS) - 1), mask l of shape (n_l, WIDTH) holding only 0 and 1; WIDTH
## is m for one pass and m * num_epochs for training masks. An empty non-cell value counts as an
## empty cell. Returns a 1 x (L-1) cell of doubles.

function masks = check_masks (fname, masks, layer_dims, width, keep_prob)
  if (keep_prob == 1)
    masks = {};
    return;
  endif
  n_hidden = numel (layer_dims) - 2;
  if (isempty (masks) && ! iscell (masks))
    masks = {};
  endif
  expected = sprintf ("a cell of %d 0/1 mask(s), one per hidden layer", n_hidden);
  if (! iscell (masks))
    bad_input (fname, "masks", expected, describe_value (masks));
  endif
  if (numel (masks) != n_hidden)
    bad_input (fname, "masks", expected, sprintf ("%d mask(s)", numel (masks)));
  endif
  masks = reshape (masks, 1, n_hidden);
  for l = 1:n_hidden
    D = masks{l};
    shape = [layer_dims(l + 1), width];
    name = sprintf ("masks{%d}", l);
    if (! ((isnumeric (D) || islogical (D)) && isreal (D) && ndims (D) == 2 && isequal (size (D), shape)))
      bad_input (fname, name, sprintf ("a %dx%d matrix of 0/1", shape), describe_value (D));
    endif
    D = double (D);
    bad = find (! (D == 0 | D == 1), 1);
    if (! isempty (bad))
      [r, c] = ind2sub (shape, bad);
      bad_input (fname, name, sprintf ("a %dx%d matrix of 0/1", shape), sprintf ("%s at row %d, column %d", num2str (D(bad)), r, c));
    endif
    masks{l} = D;
  endfor
endfunction

%!test
%! masks = check_masks ("f", {logical([1 0; 0 1; 1 1]), [1 1]}, [2 3 1 1], 2, 0.5);
%! assert (masks, {[1 0; 0 1; 1 1], [1 1]});
%! assert (class (masks{1}), "double");
%!assert (check_masks ("f", [], [2 1], 5, 0.5), cell (1, 0))
%!assert (check_masks ("f", {}, [2 1], 5, 0.5), cell (1, 0))
%!assert (size (check_masks ("f", {1; 1}, [2 1 1 1], 1, 0.5)), [1 2])
%!assert (check_masks ("f", {ones(9)}, [2 3 1], 2, 1), {})
%!assert (check_masks ("f", "anything", [2 3 1], 2, 1), {})
%!error <f: 'masks' must be a cell of 2 0/1 mask\(s\), one per hidden layer; got 1 mask\(s\)> check_masks ("f", {ones(3, 2)}, [2 3 1 1], 2, 0.5)
%!error <f: 'masks' must be a cell of 1 0/1 mask\(s\), one per hidden layer; got 0 mask\(s\)> check_masks ("f", {}, [2 3 1], 2, 0.5)
%!error <f: 'masks' must be a cell of 1 .*; got a 3x2 double> check_masks ("f", ones (3, 2), [2 3 1], 2, 0.5)
%!error <f: 'masks\{1\}' must be a 3x2 matrix of 0/1; got a 2x3 double> check_masks ("f", {ones(2, 3)}, [2 3 1], 2, 0.5)
%!error <f: 'masks\{1\}' must be a 3x2 matrix of 0/1; got 0.5 at row 2, column 2> check_masks ("f", {[1 1; 1 0.5; 0 0]}, [2 3 1], 2, 0.5)
%!error <f: 'masks\{2\}' must be a 1x4 matrix of 0/1; got a 1x2 double> check_masks ("f", {ones(3, 4), ones(1, 2)}, [2 3 1 1], 4, 0.5)
