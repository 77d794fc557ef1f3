## states = check_states (fname, states, n_steps, params)
##
## Validate train_steps' STATES on behalf of FNAME: empty ({} or [], recording) or a cell of
## N_STEPS structs with exactly the fields params, v and s (forced), where params holds
## W1, b1, ..., WL, bL and v, s hold dW1, db1, ..., dWL, dbL, every tensor a real numeric matrix
## of its parameter's size in PARAMS (already checked). Returns {} or a 1 x N_STEPS cell.

function states = check_states (fname, states, n_steps, params)
  if (isempty (states))
    states = {};
    return;
  endif
  expected = sprintf ("empty (recording) or a cell of %d struct(s) with fields params, v, s (forced)", n_steps);
  if (! (iscell (states) && isvector (states)))
    bad_input (fname, "states", expected, describe_value (states));
  endif
  if (numel (states) != n_steps)
    bad_input (fname, "states", expected, sprintf ("%d state(s) for %d step(s)", numel (states), n_steps));
  endif
  states = reshape (states, 1, n_steps);
  L = numfields (params) / 2;
  tensors = {parameter_names(L), gradient_names(L), gradient_names(L)};   # of params, v, s
  shapes = cellfun (@(name) size (params.(name)), parameter_names (L), "UniformOutput", false);
  sizes = strjoin (cellfun (@(s) sprintf ("%dx%d", s), shapes, "UniformOutput", false), ", ");
  parts = {"params", "v", "s"};
  for i = 1:n_steps
    state = states{i};
    if (! (isstruct (state) && isscalar (state) && isequal (sort (fieldnames (state)), {"params"; "s"; "v"})))
      bad_input (fname, sprintf ("states{%d}", i), "a struct with fields params, v, s", describe_value (state));
    endif
    for j = 1:3
      names = tensors{j};
      value = state.(parts{j});
      argname = sprintf ("states{%d}.%s", i, parts{j});
      expected = sprintf ("a struct with fields %s of sizes %s", strjoin (names, ", "), sizes);
      if (! (isstruct (value) && isscalar (value)))
        bad_input (fname, argname, expected, describe_value (value));
      endif
      if (! isequal (sort (fieldnames (value)), sort (names(:))))
        bad_input (fname, argname, expected, ["fields {" strjoin(fieldnames (value)', ", ") "}"]);
      endif
      for k = 1:numel (names)
        x = value.(names{k});
        if (! (isnumeric (x) && isreal (x) && isequal (size (x), shapes{k})))
          bad_input (fname, argname, expected, sprintf ("%s = %s", names{k}, describe_value (x)));
        endif
      endfor
    endfor
  endfor
endfunction

%!shared p, good
%! p = struct ("W1", ones (3, 2), "b1", zeros (3, 1), "W2", ones (1, 3), "b2", 0);
%! z = struct ("dW1", zeros (3, 2), "db1", zeros (3, 1), "dW2", zeros (1, 3), "db2", 0);
%! good = struct ("params", p, "v", z, "s", z);
%!assert (check_states ("f", {}, 3, p), {})
%!assert (check_states ("f", [], 3, p), {})
%!assert (check_states ("f", {good; good}, 2, p), {good, good})
%!error <f: 'states' must be empty \(recording\) or a cell of 2 struct\(s\) with fields params, v, s \(forced\); got 1 state\(s\) for 2 step\(s\)> check_states ("f", {good}, 2, p)
%!error <f: 'states' must be .*; got a struct with fields \{params, v, s\}> check_states ("f", good, 1, p)
%!error <f: 'states\{2\}' must be a struct with fields params, v, s; got 3> check_states ("f", {good, 3}, 2, p)
%!error <f: 'states\{1\}.params' must be a struct with fields W1, b1, W2, b2 of sizes 3x2, 3x1, 1x3, 1x1; got W1 = a 2x3 double> check_states ("f", {setfield(good, "params", setfield (p, "W1", ones (2, 3)))}, 1, p)
%!error <f: 'states\{1\}.v' must be a struct with fields dW1, db1, dW2, db2 of sizes .*; got fields \{W1, b1, W2, b2\}> check_states ("f", {setfield(good, "v", p)}, 1, p)
%!error <f: 'states\{1\}.s' must be a struct with fields dW1, .*; got db2 = 'x'> check_states ("f", {setfield(good, "s", setfield (good.s, "db2", "x"))}, 1, p)
