## Y = check_output (fname, AL, Y, output_activation, name)
## Validate the output layer's matrix AL (its activations, or its logits ZL) against the labels Y
## for function FNAME: a non-empty real matrix (a 1 x m row for a sigmoid output), Y labels that
## fit it; return Y. NAME is the argument's name in the message ("AL" unless given).
function Y = check_output (fname, AL, Y, output_activation, name)
  if (nargin < 5)
    name = "AL";
  endif
  if (! (isnumeric (AL) && isreal (AL) && ndims (AL) == 2 && ! isempty (AL)))
    raise_bad_input (fname, name, "a non-empty real numeric matrix", describe_value (AL));
  endif
  if (strcmp (output_activation, "sigmoid") && rows (AL) != 1)
    raise_bad_input (fname, name, "a 1 x m row for a sigmoid output", describe_value (AL));
  endif
  Y = check_labels (fname, Y, columns (AL), output_activation, rows (AL));
endfunction

%!assert (check_output ("f", [0.2 0.7], [0 1], "sigmoid"), [0 1])
%!error <\[Octave\] f: 'AL' must be a 1 x m row for a sigmoid output> check_output ("f", [0.2; 0.7], [0 1], "sigmoid")
%!error <'AL' must be a non-empty real numeric matrix> check_output ("f", [], [0 1], "softmax")
%!error <f: 'ZL' must be a 1 x m row for a sigmoid output> check_output ("f", [0.2; 0.7], [0 1], "sigmoid", "ZL")
