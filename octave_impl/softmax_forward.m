## A = softmax_forward (Z)
##
## Column-wise softmax of the output layer's Z (one column per example), computed stably:
## each column is shifted by its maximum before exp, which leaves the result unchanged
## mathematically but keeps exp from overflowing on large logits.

function A = softmax_forward (Z)
  fname = "softmax_forward";
  if (nargin != 1)
    print_usage ();
  endif
  if (! (isnumeric (Z) && isreal (Z) && ndims (Z) == 2 && ! isempty (Z)))
    bad_input (fname, "Z", "a non-empty real numeric matrix", describe_value (Z));
  endif
  A = softmax_forward_unchecked (Z);
endfunction

%!test
%! ## By hand: softmax([0; log 2; log 5]) = [1; 2; 5] / 8; softmax of equal logits is uniform.
%! A = softmax_forward ([0 3; log(2) 3; log(5) 3]);
%! assert (A, [1/8 1/3; 2/8 1/3; 5/8 1/3], 1e-15);
%!test
%! ## Stability: logits of 1000 would overflow exp without the shift.
%! A = softmax_forward ([1000 -1000; 1000 -1000 + log(3)]);
%! assert (A, [0.5 0.25; 0.5 0.75], 1e-12);   # -1000 + log(3) itself rounds at ~1e-13
%! assert (all (isfinite (A(:))));
%!test
%! ## Shift invariance per column and columns summing to 1.
%! Z = [0.3 -1.2 2; 1.1 0.4 -0.7; -0.5 2.2 0.1];
%! A = softmax_forward (Z);
%! assert (sum (A, 1), [1 1 1], 1e-15);
%! assert (softmax_forward (Z + [5 -7 100]), A, 1e-14);
%!error <softmax_forward: 'Z' must be a non-empty real numeric matrix; got an empty 0x0 double> softmax_forward ([])
