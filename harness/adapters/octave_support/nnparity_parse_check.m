## problems = nnparity_parse_check (files)
## Parse every file of FILES (a cell of .m paths) without running it; PROBLEMS is a cell with one
## message per file that does not parse (empty when all do). The harness calls this before a
## run, so that a syntax error in a file the scenario happens not to call is still reported.
function problems = nnparity_parse_check (files)
  problems = {};
  for i = 1:numel (files)
    try
      __parse_file__ (files{i});
    catch err
      problems{end + 1} = sprintf ("%s: %s", files{i}, strtrim (err.message));
    end_try_catch
  endfor
endfunction

%!test
%! here = tempname ();
%! mkdir (here);
%! good = fullfile (here, "good_file.m");
%! bad = fullfile (here, "bad_file.m");
%! fid = fopen (good, "w"); fprintf (fid, "function y = good_file (x)\n  y = x;\nendfunction\n"); fclose (fid);
%! fid = fopen (bad, "w"); fprintf (fid, "function y = bad_file (x)\n  y = x +* ;\nendfunction\n"); fclose (fid);
%! problems = nnparity_parse_check ({good, bad});
%! confirm_recursive_rmdir (false, "local");
%! rmdir (here, "s");
%! assert (numel (problems), 1);
%! assert (! isempty (strfind (problems{1}, "bad_file.m")));
