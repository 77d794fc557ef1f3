## [losses, fits] = expanded_losses (expansion, units, examples, steps, reference_losses)
##
## The gradient check's full mode, for a change that reaches the logits as a rank-one term: the
## loss of each moved column c (EXAMPLES(c), 1-based) whose unit UNITS(c) (of layer L-1, or the
## logit itself) moved by STEPS(c), from the series of loss_expansion:
##   loss = reference_losses(e) + log1p (d (P1 + d (P2 + d P3))) - d label_weights, d = STEPS(c),
## one log1p per column instead of n_L exps. FITS (1 x N) marks the columns where the series is
## exact to rounding (|d| reach(i) <= REACH and a finite loss); LOSSES elsewhere are not used:
## the caller takes them from the stacked logits.

function [losses, fits] = expanded_losses (expansion, units, examples, steps, reference_losses)
  n = rows (expansion.P1);
  at = units(:).' + n * (examples(:).' - 1);
  d = steps(:).';
  series = d .* (expansion.P1(at) + d .* (expansion.P2(at) + d .* expansion.P3(at)));
  losses = reference_losses(examples(:).') + (log1p (series) - d .* expansion.label_weights(at));
  fits = isfinite (losses);
  if (max (abs (d)) * max (expansion.reach) > expansion.REACH)   # (else every step is in reach)
    fits &= abs (d) .* expansion.reach(units(:).').' <= expansion.REACH;
  endif
endfunction

%!test
%! ## Small steps fit and give the stacked logits' losses; a large step does not fit.
%! randn ("state", 3);
%! ZL = randn (3, 4); Y = [2 0 1 1]; W = randn (3, 2);
%! reference = cross_entropy_terms (ZL, Y, "softmax");
%! e = loss_expansion (W, ZL, Y);
%! units = [1 2 2]; examples = [4 1 3]; steps = [2e-7 -5e-6 1];
%! [losses, fits] = expanded_losses (e, units, examples, steps, reference);
%! assert (fits, [true true false]);
%! moved = ZL(:, examples) + W(:, units) .* steps;
%! exact = cross_entropy_terms (moved, Y(examples), "softmax");
%! assert (losses(fits), exact(fits), 1e-15);
%!test
%! ## A NaN step or a non-finite reference does not fit.
%! e = loss_expansion ([1 2; 3 4], [0 1; 0 2], [0 1]);
%! [~, fits] = expanded_losses (e, [1 2], [1 2], [NaN 1e-8], [0.5 Inf]);
%! assert (fits, [false false]);
