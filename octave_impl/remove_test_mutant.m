## remove_test_mutant (mutant)
##
## Test helper: undo install_test_mutant -- return to the previous current directory, delete
## the temporary copy (the link to private/ first, so that nothing behind it is touched) and
## make sure the original function is the one found again.

function remove_test_mutant (mutant)
  cd (mutant.old_dir);
  link = fullfile (mutant.dir, "private");
  [info, err] = lstat (link);
  if (err == 0 && S_ISLNK (info.mode))
    unlink (link);
  endif
  confirm_recursive_rmdir (false, "local");
  if (exist (mutant.dir, "dir"))
    rmdir (mutant.dir, "s");
  endif
  rehash ();
  clear (mutant.name);
  if (! strcmp (which (mutant.name), mutant.original))
    error ("remove_test_mutant: %s still resolves to %s", mutant.name, which (mutant.name));
  endif
endfunction

%!test
%! mutant = install_test_mutant ("accuracy", "fraction = mean (double (labels) == Y);", "fraction = 0.5;");
%! remove_test_mutant (mutant);
%! assert (! exist (mutant.dir, "dir"));
%! assert (exist (fullfile (fileparts (which ("accuracy")), "private", "check_labels.m"), "file"), 2);
%! assert (accuracy ([1 0], [1 1]), 0.5);
%! assert (accuracy ([1 0 0 0], [1 1 1 1]), 0.25);
