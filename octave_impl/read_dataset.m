## [X, Y] = read_dataset (name)
##
## Read one of the project's datasets (data/<NAME>.csv: feature columns then the label, one
## example per row, no header) as X = features' (n_x x m) and Y = labels' (1 x m).
## The directory is $NNPARITY_DATA_DIR when set, else ../data next to this file (a copy of
## this directory elsewhere needs the variable). NAME may also be a path to a .csv file.

function [X, Y] = read_dataset (name)
  fname = "read_dataset";
  if (! (ischar (name) && isrow (name)))
    bad_input (fname, "name", "a dataset name or .csv path", describe_value (name));
  endif
  if (exist (name, "file") == 2)
    file = name;
  else
    data_dir = getenv ("NNPARITY_DATA_DIR");
    if (isempty (data_dir))
      data_dir = fullfile (fileparts (mfilename ("fullpath")), "..", "data");
    endif
    file = fullfile (data_dir, [name ".csv"]);
    if (exist (file, "file") != 2)
      bad_input (fname, "name", "a dataset in $NNPARITY_DATA_DIR or ../data", ...
                       sprintf ("'%s' (no file %s)", name, file));
    endif
  endif
  table = dlmread (file, ",");
  X = table(:, 1:end-1)';
  Y = table(:, end)';
endfunction

%!test
%! [X, Y] = read_dataset ("circles");
%! assert (size (X), [2 300]);
%! assert (size (Y), [1 300]);
%! assert (all (Y == 0 | Y == 1));
%!test
%! [X, Y] = read_dataset ("spiral");
%! assert (size (X), [2 300]);
%! assert (sort (unique (Y)), [0 1 2]);
%! assert (sum (Y == 1), 100);
%!error <read_dataset: 'name' must be a dataset in .*; got 'no_such_set'> read_dataset ("no_such_set")
