## mutant = install_test_mutant (name, old_text, new_text)
##
## Test helper: plant a bug. Copies NAME.m from the load path into a fresh temporary directory
## with the exact text OLD_TEXT (which must occur once) replaced by NEW_TEXT, and makes that
## directory the current one, since the current directory takes precedence over the load path.
## The copy keeps its helpers: the temporary directory gets a link "private" to the original's
## private/ directory. A private helper NAME (found before the current directory by its callers)
## is planted in a private/ directory of its own instead: the temporary directory gets links to
## every public function and a real private/ of links to every helper but NAME, the mutated
## copy, so the public functions found first use it.
## Returns a struct for remove_test_mutant, which must always be called (unwind_protect).
## Kept beside the public functions (not in private/) because their own tests use it
## (gradient_check.m plants bugs in linear_backward_unchecked).

function mutant = install_test_mutant (name, old_text, new_text)
  impl = fileparts (mfilename ("fullpath"));
  helper = exist (fullfile (impl, [name ".m"]), "file") != 2;   # not public: a private helper
  original = fullfile (impl, [name ".m"]);
  if (helper)
    original = fullfile (impl, "private", [name ".m"]);
  endif
  source = fileread (original);
  if (numel (strfind (source, old_text)) != 1)
    error ("install_test_mutant: '%s' must occur exactly once in %s", old_text, original);
  endif
  mutant = struct ("name", name, "dir", tempname (), "old_dir", pwd (), "original", original, "helper", helper);
  mkdir (mutant.dir);
  copy = fullfile (mutant.dir, [name ".m"]);
  if (helper)
    ## Links, not copies: only the mutated helper differs from the implementation.
    mkdir (fullfile (mutant.dir, "private"));
    links = [strcat([impl filesep], {dir(fullfile (impl, "*.m")).name}), ...
             strcat([impl filesep "private" filesep], {dir(fullfile (impl, "private", "*.m")).name})];
    for i = 1:numel (links)
      target = strrep (links{i}, impl, mutant.dir);
      if (! strcmp (links{i}, original))
        symlink (links{i}, target);
      endif
    endfor
    copy = fullfile (mutant.dir, "private", [name ".m"]);
  else
    [err, message] = symlink (fullfile (impl, "private"), fullfile (mutant.dir, "private"));
    if (err != 0)
      rmdir (mutant.dir);
      error ("install_test_mutant: cannot link the private helpers: %s", message);
    endif
  endif
  fid = fopen (copy, "w");
  fputs (fid, strrep (source, old_text, new_text));
  fclose (fid);
  cd (mutant.dir);
  rehash ();
  clear (name);
  clear ("functions");   # callers found before the cd resolve again, through the copy's directory
  if (! helper && ! strcmp (which (name), copy))
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
%!test
%! ## A private helper: the public functions found first use the mutated copy, then the original.
%! mutant = install_test_mutant ("output_backward_unchecked", "dZL = AL - Y;", "dZL = AL - Y + 1;");
%! unwind_protect
%!   assert (output_backward ([0.25 0.5], [1 0], "sigmoid"), [0.25 1.5]);
%! unwind_protect_cleanup
%!   remove_test_mutant (mutant);
%! end_unwind_protect
%! assert (output_backward ([0.25 0.5], [1 0], "sigmoid"), [-0.75 0.5]);
%! assert (exist (fullfile (fileparts (which ("accuracy")), "private", "output_backward_unchecked.m"), "file"), 2);
