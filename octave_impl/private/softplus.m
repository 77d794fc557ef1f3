## S = softplus (Z)
##
## log(1 + e^z) element-wise, computed as max(z, 0) + log1p(exp(-|z|)) so that it is finite
## wherever z is (never exp of a large positive number).

function S = softplus (Z)
  S = max (Z, 0) + log1p (exp (-abs (Z)));
endfunction

%!assert (softplus ([0 log(3) -log(3)]), [log(2) log(4) log(4/3)], 1e-15)
%!assert (softplus ([1000 -1000]), [1000 0])
%!assert (softplus (-40), exp (-40), 1e-30)
%!assert (size (softplus (zeros (2, 3))), [2 3])
