## mutant = install_test_mutant (name, old_text, new_text)
##
## Test helper: plant a bug. Copies NAME.m from the load path into a fresh temporary directory
## with the exact text OLD_TEXT (which must occur once) replaced by NEW_TEXT, and makes that
## directory the current one, since the current directory takes precedence over the load path.
## The copy keeps its helpers: the temporary directory gets a link "private" to the original's
## private/ directory. NAME must be a public function (a private one is found before the current
## directory by its callers, so a copy could not shadow it).
## Returns a struct for remove_test_mutant, which must always be called (unwind_protect).
## Kept beside the public functions (not in private/) because their own tests use it
## (gradient_check.m plants bugs in linear_backward).

function mutant = install_test_mutant (name, old_text, new_text)
  original = which (name);
  source = fileread (original);
  if (numel (strfind (source, old_text)) != 1)
    error ("install_test_mutant: '%s' must occur exactly once in %s", old_text, original);
  endif
  mutant = struct ("name", name, "dir", tempname (), "old_dir", pwd (), "original", original);
  mkdir (mutant.dir);
  [err, message] = symlink (fullfile (fileparts (original), "private"), fullfile (mutant.dir, "private"));
  if (err != 0)
    rmdir (mutant.dir);
    error ("install_test_mutant: cannot link the private helpers: %s", message);
  endif
  fid = fopen (fullfile (mutant.dir, [name ".m"]), "w");
  fputs (fid, strrep (source, old_text, new_text));
  fclose (fid);
  cd (mutant.dir);
  rehash ();
  clear (name);
  if (! strcmp (which (name), fullfile (mutant.dir, [name ".m"])))
    remove_test_mutant (mutant);
    error ("install_test_mutant: the copy of %s does not shadow the original", name);
  endif
endfunction

%!test
%! mutant = install_test_mutant ("accuracy", "fraction = mean (double (labels) == Y);", "fraction = 0.25;");
%! unwind_protect
%!   assert (accuracy ([1 1], [1 1]), 0.25);
%! unwind_protect_cleanup
%!   remove_test_mutant (mutant);
%! end_unwind_protect
%! assert (accuracy ([1 1], [1 1]), 1);
%!error <must occur exactly once> install_test_mutant ("accuracy", "no such text", "x")
