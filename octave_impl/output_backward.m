## dZL = output_backward (AL, Y, output_activation)
##
## Gradient of the cost with respect to the output layer's Z, scaled per example (the 1/m is
## applied in linear_backward): AL - Y for a sigmoid output, AL - onehot(Y) for a softmax,
## where Y holds 0-based labels (1 x m).

function dZL = output_backward (AL, Y, output_activation)
  fname = "output_backward";
  if (nargin != 3)
    print_usage ();
  endif
  opts = check_options (fname, struct ("output_activation", {output_activation}));
  Y = check_output (fname, AL, Y, opts.output_activation);
  m = columns (AL);

  if (strcmp (opts.output_activation, "sigmoid"))
    dZL = AL - Y;
  else
    onehot = zeros (size (AL));
    onehot(sub2ind (size (AL), Y + 1, 1:m)) = 1;
    dZL = AL - onehot;
  endif
endfunction

%!assert (output_backward ([0.8 0.4 0.5], [1 0 1], "sigmoid"), [-0.2 0.4 -0.5], 1e-15)
%!test
%! ## By hand: labels 0 and 2 subtract 1 from rows 1 and 3 of their columns.
%! AL = [0.7 0.2; 0.2 0.5; 0.1 0.3];
%! assert (output_backward (AL, [0 2], "softmax"), [-0.3 0.2; 0.2 0.5; 0.1 -0.7], 1e-15);
%!error <output_backward: 'Y' must be a 1x2 row of labels> output_backward ([0.5 0.5], [1 0 1], "sigmoid")
%!error <output_backward: 'Y' must be integer labels in 0..1 .*; got 2 at column 2> output_backward ([0.5 0.5; 0.5 0.5], [1 2], "softmax")
%!error <output_backward: 'output_activation' must be one of> output_backward ([0.5 0.5], [1 0], "linear")
