## subset = select_options (options, names)
##
## The fields NAMES (cellstr) of the options struct OPTIONS that are present, as a new struct;
## [] or a non-struct OPTIONS is passed through for check_options to judge. run_scenario uses
## it so that a stage sees (and validates) only the options it uses: a bad optimiser name
## then fails the update and training stages, not the cost.

function subset = select_options (options, names)
  if (! (isstruct (options) && isscalar (options)))
    subset = options;
    return;
  endif
  subset = struct ();
  for i = 1:numel (names)
    if (isfield (options, names{i}))
      subset.(names{i}) = options.(names{i});
    endif
  endfor
endfunction

%!assert (select_options (struct ("a", 1, "b", 2, "c", 3), {"c", "a", "z"}), struct ("c", 3, "a", 1))
%!assert (select_options ([], {"a"}), [])
%!assert (select_options (7, {"a"}), 7)
