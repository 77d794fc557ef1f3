## masks = draw_masks (layer_dims, width, keep_prob)
##
## Standalone dropout masks: for every hidden layer l = 1..L-1 of LAYER_DIMS a (n_l, WIDTH)
## double matrix rand (n_l, WIDTH) < KEEP_PROB, drawn in layer order. WIDTH is m * num_epochs
## for training (epoch e uses columns e*m+1 .. (e+1)*m). Returns a 1 x (L-1) cell.

function masks = draw_masks (layer_dims, width, keep_prob)
  n_hidden = numel (layer_dims) - 2;
  masks = cell (1, n_hidden);
  for l = 1:n_hidden
    masks{l} = double (rand (layer_dims(l + 1), width) < keep_prob);
  endfor
endfunction

%!test
%! rand ("state", 2);
%! masks = draw_masks ([4 3 2 1], 5, 0.6);
%! rand ("state", 2);
%! assert (masks, {double(rand (3, 5) < 0.6), double(rand (2, 5) < 0.6)});
%! rand ("state", 42);
%!assert (draw_masks ([4 1], 5, 0.5), cell (1, 0))
%!test
%! masks = draw_masks ([2 400 1], 500, 0.3);
%! assert (mean (masks{1}(:)), 0.3, 0.01);
%! rand ("state", 42);
