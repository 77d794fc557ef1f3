## expansion = loss_expansion (W, ZL, Y)
##
## The softmax losses of the output logits ZL (n_L x m) moved by a rank-one change, as a series:
## column c of ZL moved by W(:, i) d (W, n_L x n: the output layer's weights when a hidden unit i
## of layer L-1 changes by d; eye (n_L) when logit i itself changes by d) has, with p the softmax
## probabilities of column c and w = W(:, i),
##   loss(z + w d) - loss(z) = log1p (d (P1 + d (P2 + d P3))) - d w(y_c + 1) + R,
##   P1 = sum_k p_k w_k, P2 = sum_k p_k w_k^2 / 2, P3 = sum_k p_k w_k^3 / 6,
## the exact log (sum_k p_k exp (w_k d)) - d w_y with each exp (x) cut after x^3 / 6; the
## remainder |R| <= x^4 / 24 (x = d max_k |w_k|, at most REACH: |R| <= 4.2e-18). That is one
## log1p per moved column instead of n_L exps: the gradient check's full mode (expanded_losses)
## uses it wherever |d| max_k |w_k| <= REACH, and the stacked logits elsewhere.
## Returns a struct: P1, P2, P3 and label_weights (n x m, label_weights(i, c) = W(y_c + 1, i)),
## reach (n x 1, max_k |W(k, i)|) and REACH = 1e-4. A non-finite logit column gives NaN
## entries (its losses then come from the stacked logits).

function expansion = loss_expansion (W, ZL, Y)
  p = softmax_forward_unchecked (ZL);   # the unperturbed pass's AL
  expansion = struct ("P1", W.' * p, "P2", (W .^ 2).' * p / 2, "P3", (W .^ 3).' * p / 6, ...
                      "label_weights", W((Y + 1), :).', "reach", max (abs (W), [], 1).', "REACH", 1e-4);
endfunction

%!test
%! ## Against the losses of the moved logits, for a hidden unit (W) and a logit (eye).
%! randn ("state", 7);
%! ZL = randn (4, 6); Y = [0 3 1 2 2 0]; W = randn (4, 5);
%! e = loss_expansion (W, ZL, Y);
%! reference = cross_entropy_terms (ZL, Y, "softmax");
%! d = 3e-6;
%! for i = [1 4]
%!   moved = cross_entropy_terms (ZL + W(:, i) * d, Y, "softmax");
%!   series = log1p (d * (e.P1(i, :) + d * (e.P2(i, :) + d * e.P3(i, :)))) - d * e.label_weights(i, :);
%!   assert (series, moved - reference, 1e-15);
%! endfor
%! assert (e.reach, max (abs (W), [], 1)');
%! l = loss_expansion (eye (4), ZL, Y);
%! assert (l.label_weights, double ((1:4)' == Y + 1));
%! assert (l.reach, ones (4, 1));
%!test
%! ## A column with an infinite logit gives NaN terms, the others stay finite.
%! e = loss_expansion ([1 2; 3 4], [Inf 1; 0 2], [0 1]);
%! assert (all (isnan (e.P1(:, 1))));
%! assert (all (isfinite (e.P1(:, 2))));
