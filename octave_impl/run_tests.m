## run_tests ()
## run_tests (exit_on_failure)
##
## Run Octave's own test() on every .m file of this directory (except this one) and of its
## private/ directory, print the failures per file, then exactly one line
## "Octave: <N> passed, <F> failed". Works from any current directory (the directory is taken
## from this file's location and put on the path). A file without any test counts as a failure.
##
## Private helpers: test () evaluates a file's %!test blocks as code of its own, outside the
## file, so Octave's rule that only functions in the parent directory see private/ would hide
## every helper from the blocks (and test () of private/x.m fails on "'x' undefined"). The
## private files are therefore tested with private/ as the current directory: the current
## directory is searched before the load path, so the helpers are callable from their blocks,
## while the public functions they call still find them as their private functions. The
## previous directory is restored after each file, even when a test fails or changes it.
##
## When run non-interactively (octave-cli --eval ... or a script) it calls exit (1) if anything
## failed; EXIT_ON_FAILURE overrides that choice.

function run_tests (exit_on_failure)
  here = fileparts (mfilename ("fullpath"));
  if (nargin < 1)
    args = argv ();
    exit_on_failure = ! isguirunning () && (any (strcmp (args, "--eval")) || any (! cellfun (@isempty, regexp (args, "\\.m$"))));
  endif
  addpath (here);
  private_dir = fullfile (here, "private");
  public_files = dir (fullfile (here, "*.m"));
  private_files = dir (fullfile (private_dir, "*.m"));
  private_names = strcat ("private/", sort ({private_files.name}));
  names = [sort({public_files.name}), private_names];
  names(strcmp (names, "run_tests.m")) = [];

  passed = 0;
  failed = 0;
  start_dir = pwd ();
  for i = 1:numel (names)
    file = fullfile (here, names{i});
    in_private = strncmp (names{i}, "private/", 8);
    log_file = [tempname() ".log"];
    fid = fopen (log_file, "w");
    unwind_protect
      if (in_private)
        cd (private_dir);
      endif
      [n, n_max] = test (file, "quiet", fid);
    unwind_protect_cleanup
      cd (start_dir);
      fclose (fid);
      report = fileread (log_file);
      delete (log_file);
    end_unwind_protect
    if (n < n_max)
      printf ("%s", report);   # test() writes the failing blocks and their messages here
    endif
    if (n_max == 0)
      printf ("run_tests: %s has no tests\n", names{i});
      failed = failed + 1;
      continue;
    endif
    if (n < n_max)
      printf ("run_tests: %s: %d of %d tests failed\n", names{i}, n_max - n, n_max);
    endif
    passed = passed + n;
    failed = failed + (n_max - n);
  endfor
  printf ("Octave: %d passed, %d failed\n", passed, failed);
  if (failed > 0 && exit_on_failure)
    exit (1);
  endif
endfunction
