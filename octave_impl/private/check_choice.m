## value = check_choice (fname, argument, value, choices)
##
## Validate a name option for check_options: a char row (a 1x1 cell holding one is unwrapped)
## among the cellstr CHOICES; otherwise a bad-input error naming ARGUMENT on behalf of FNAME.

function value = check_choice (fname, argument, value, choices)
  if (iscell (value) && numel (value) == 1)
    value = value{1};
  endif
  if (! (ischar (value) && (isrow (value) || isempty (value)) && any (strcmp (value, choices))))
    bad_input (fname, argument, ["one of {" strjoin(choices, ", ") "}"], describe_value (value));
  endif
endfunction

%!assert (check_choice ("f", "a", "tanh", {"relu", "tanh"}), "tanh")
%!assert (check_choice ("f", "a", {"tanh"}, {"relu", "tanh"}), "tanh")
%!error <f: 'a' must be one of \{relu, tanh\}; got 'elu'> check_choice ("f", "a", "elu", {"relu", "tanh"})
%!error <f: 'a' must be one of \{relu, tanh\}; got a 2x1 char> check_choice ("f", "a", ["r"; "t"], {"relu", "tanh"})
