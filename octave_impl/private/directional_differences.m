## d = directional_differences (a, b)
##
## Per direction of the fast gradient check, the relative difference |a - b| / (|a| + |b|) of
## the analytic directional derivatives A and the finite-difference ones B (K x 1 each); 0 where
## both are 0, NaN where either is NaN.

function d = directional_differences (a, b)
  scale = abs (a) + abs (b);
  d = abs (a - b) ./ scale;
  d(scale == 0) = 0;
endfunction

%!assert (directional_differences ([1; 2; 0; -1], [1; 1; 0; 1]), [0; 1/3; 0; 1], 1e-15)
%!assert (directional_differences ([NaN; 1], [1; 1]), [NaN; 0])
%!assert (directional_differences ([1; 2], [1; NaN]), [0; NaN])
