## A = softmax_forward_unchecked (Z)
##
## softmax_forward without the argument check (Z a non-empty real matrix), for output_forward:
## each column shifted by its maximum, then exp and normalised.

function A = softmax_forward_unchecked (Z)
  shifted = Z - max (Z, [], 1);
  E = exp (shifted);
  A = E ./ sum (E, 1);
endfunction

%!test
%! ## The twin of softmax_forward: the same values, bit for bit.
%! Z = [0 3 1000; log(2) 3 -1000; log(5) 3 0];
%! assert (softmax_forward_unchecked (Z), softmax_forward (Z));
