## directions = check_directions (fname, directions, n_params)
##
## Validate the fast gradient check's directions on behalf of FNAME: empty (the check draws its
## own), or an N_PARAMS x K real matrix of -1 and 1, one direction per column over the flat
## parameter vector. Returned as double ([] when empty).

function directions = check_directions (fname, directions, n_params)
  if (isempty (directions) && (isnumeric (directions) || islogical (directions)))
    directions = [];
    return;
  endif
  if (! ((isnumeric (directions) || islogical (directions)) && isreal (directions) && ndims (directions) == 2 ...
         && rows (directions) == n_params && all (abs (directions(:)) == 1)))
    bad_input (fname, "directions", sprintf ("a %dxK matrix of -1 and 1 (one direction per column)", n_params), ...
               describe_value (directions));
  endif
  directions = double (directions);
endfunction

%!assert (check_directions ("f", [], 5), [])
%!assert (check_directions ("f", zeros (0, 3), 5), [])
%!assert (check_directions ("f", int8 ([1 -1; -1 1; 1 1]), 3), [1 -1; -1 1; 1 1])
%!error <f: 'directions' must be a 9xK matrix of -1 and 1 \(one direction per column\); got a 8x2 double> check_directions ("f", ones (8, 2), 9)
%!error <f: 'directions' must be a 9xK matrix of -1 and 1 .*; got a 9x1 double> check_directions ("f", [ones(8, 1); 0], 9)
%!error <f: 'directions' must be a 2xK matrix .*; got 'ab'> check_directions ("f", "ab", 2)
%!error <f: 'directions' must be a 2xK matrix .*; got an empty 0x0 cell> check_directions ("f", {}, 2)
