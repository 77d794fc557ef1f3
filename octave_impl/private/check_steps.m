## steps = check_steps (fname, steps, n_updates)
##
## Validate train_steps' STEPS on behalf of FNAME: a vector (or an empty matrix) of strictly
## increasing whole numbers in 0..N_UPDATES-1, the 0-based global update indices. Returned as
## an S x 1 double column.

function steps = check_steps (fname, steps, n_updates)
  expected = sprintf ("a vector of strictly increasing whole numbers in 0..%d (0-based update indices)", n_updates - 1);
  if (! (isnumeric (steps) && isreal (steps) && ndims (steps) == 2 && (isvector (steps) || isempty (steps))))
    bad_input (fname, "steps", expected, describe_value (steps));
  endif
  steps = double (steps(:));
  if (! all (isfinite (steps) & steps == round (steps) & steps >= 0 & steps <= n_updates - 1) || any (diff (steps) <= 0))
    shown = strjoin (arrayfun (@(k) sprintf ("%.15g", k), steps(1:min (end, 10))', "UniformOutput", false), " ");
    if (numel (steps) > 10)
      shown = [shown " ..."];
    endif
    bad_input (fname, "steps", expected, ["[" shown "]"]);
  endif
endfunction

%!assert (check_steps ("f", [0 2 5], 6), [0; 2; 5])
%!assert (check_steps ("f", int8 ([1; 3]), 4), [1; 3])
%!assert (check_steps ("f", zeros (1, 0), 4), zeros (0, 1))
%!error <f: 'steps' must be a vector of strictly increasing whole numbers in 0..3 \(0-based update indices\); got \[0 4\]> check_steps ("f", [0 4], 4)
%!error <f: 'steps' must be .*; got \[2 1\]> check_steps ("f", [2 1], 4)
%!error <f: 'steps' must be .*; got \[0 1 2 3 4 5 6 7 8 9 ...\]> check_steps ("f", [0:10 10], 20)
%!error <f: 'steps' must be .*; got a 2x2 double> check_steps ("f", [0 1; 2 3], 4)
