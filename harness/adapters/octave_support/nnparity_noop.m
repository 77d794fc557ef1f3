## n = nnparity_noop (varargin)
## Take any arguments and return how many there were: the harness times this call to measure
## what crossing the oct2py bridge costs for a given payload, without any computation.
function n = nnparity_noop (varargin)
  n = numel (varargin);
endfunction

%!assert (nnparity_noop (1, {2, 3}, struct ("a", 4)), 3)
