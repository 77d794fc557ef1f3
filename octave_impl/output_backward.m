## dZL = output_backward (AL, Y, output_activation)
##
## Gradient of the cost with respect to the output layer's Z, scaled per example (the 1/m is
## applied in linear_backward): AL - Y for a sigmoid output, AL - onehot(Y) for a softmax,
## where Y holds 0-based labels (1 x m) and one_hot (Y, n_L) their indicator matrix.

function dZL = output_backward (AL, Y, output_activation)
  fname = "output_backward";
  if (nargin != 3)
    print_usage ();
  endif
  ## Labels that are not plainly valid doubles go through check_labels, which converts or
  ## rejects them.
  sigmoid = strcmp (output_activation, "sigmoid");   # false for anything but that name
  if (! (sigmoid || strcmp (output_activation, "softmax")))
    output_activation = check_choice (fname, "output_activation", output_activation, {"sigmoid", "softmax"});
    sigmoid = strcmp (output_activation, "sigmoid");
  endif
  [n, m, more] = size (AL);
  if (! (isnumeric (AL) && isreal (AL) && more == 1 && m > 0 && (n == 1 || (n > 0 && ! sigmoid))))
    if (sigmoid && ! isempty (AL))
      bad_input (fname, "AL", "a 1 x m row for a sigmoid output", describe_value (AL));
    endif
    bad_input (fname, "AL", "a non-empty real numeric matrix", describe_value (AL));
  endif
  if (! (isa (Y, "double") && rows (Y) == 1 && columns (Y) == m ...
         && (sigmoid && all (Y == 0 | Y == 1) || ! sigmoid && all (Y >= 0 & Y < n & Y == fix (Y)))))
    Y = check_labels (fname, Y, m, output_activation, n);
  endif
  dZL = output_backward_unchecked (AL, Y, output_activation);
endfunction

%!assert (output_backward ([0.8 0.4 0.5], [1 0 1], "sigmoid"), [-0.2 0.4 -0.5], 1e-15)
%!test
%! ## By hand: labels 0 and 2 subtract 1 from rows 1 and 3 of their columns.
%! AL = [0.7 0.2; 0.2 0.5; 0.1 0.3];
%! assert (output_backward (AL, [0 2], "softmax"), [-0.3 0.2; 0.2 0.5; 0.1 -0.7], 1e-15);
%!error <output_backward: 'Y' must be a 1x2 row of labels> output_backward ([0.5 0.5], [1 0 1], "sigmoid")
%!error <output_backward: 'Y' must be integer labels in 0..1 .*; got 2 at column 2> output_backward ([0.5 0.5; 0.5 0.5], [1 2], "softmax")
%!error <output_backward: 'output_activation' must be one of \{sigmoid, softmax\}; got 'linear'> output_backward ([0.5 0.5], [1 0], "linear")
%!error <output_backward: 'output_activation' must be one of \{sigmoid, softmax\}; got 3> output_backward ([0.5 0.5], [1 0], 3)
%!error <output_backward: 'AL' must be a 1 x m row for a sigmoid output; got a 2x2 double> output_backward (ones (2) / 2, [1 0], "sigmoid")
%!error <output_backward: 'AL' must be a non-empty real numeric matrix; got an empty 0x0 double> output_backward ([], [], "softmax")
