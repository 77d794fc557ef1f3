## remove_test_mutant (mutant)
##
## Test helper: undo install_test_mutant -- return to the previous current directory, delete
## the temporary copy (its links first, so that nothing behind them is touched) and make sure
## the original function is the one found again.

function remove_test_mutant (mutant)
  cd (mutant.old_dir);
  entries = [strcat([mutant.dir filesep], {dir(mutant.dir).name}), ...
             strcat([mutant.dir filesep "private" filesep], {dir(fullfile (mutant.dir, "private")).name})];
  for i = 1:numel (entries)
    [info, err] = lstat (entries{i});
    if (err == 0 && S_ISLNK (info.mode))
      unlink (entries{i});
    endif
  endfor
  confirm_recursive_rmdir (false, "local");
  if (exist (mutant.dir, "dir"))
    rmdir (mutant.dir, "s");
  endif
  rehash ();
  clear (mutant.name);
  clear ("functions");   # callers resolved through the copy's directory resolve again
  if (! mutant.helper && ! strcmp (which (mutant.name), mutant.original))
    error ("remove_test_mutant: %s still resolves to %s", mutant.name, which (mutant.name));
  endif
  if (exist (mutant.dir, "dir"))
    error ("remove_test_mutant: %s is still there", mutant.dir);
  endif
endfunction

%!test
%! mutant = install_test_mutant ("accuracy", "fraction = mean (double (labels) == Y);", "fraction = 0.5;");
%! remove_test_mutant (mutant);
%! assert (! exist (mutant.dir, "dir"));
%! assert (exist (fullfile (fileparts (which ("accuracy")), "private", "check_labels.m"), "file"), 2);
%! assert (accuracy ([1 0], [1 1]), 0.5);
%! assert (accuracy ([1 0 0 0], [1 1 1 1]), 0.25);
