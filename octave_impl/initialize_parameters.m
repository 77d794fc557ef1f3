## params = initialize_parameters (layer_dims, scheme, seed)
##
## Initial parameters W1, b1, ..., WL, bL for LAYER_DIMS = [n_0, n_1, ..., n_L]: every bl is
## zeros (n_l, 1) and Wl is (n_l, n_{l-1}), drawn according to SCHEME:
##   "scaled"  randn * 0.01
##   "he"      randn * sqrt (2 / n_{l-1})
##   "xavier"  randn * sqrt (1 / n_{l-1})
##   "book"    the Octave book's recipe (BOOK.md): rand ("seed", 3) once, then
##             rand (n_l, n_{l-1}) * 0.01 per layer -- UNIFORM in [0, 0.01), not normal.
## For the randn schemes a non-empty SEED is applied as randn ("state", SEED) first; without one
## the current randn state is used. "book" ignores SEED.
## Side effect, on purpose and not undone: rand ("seed", ...) switches Octave's rand (and
## randn) to the old generator, exactly as the book's script did; the next rand call continues
## that old-generator stream. Call rand ("state", ...) / randn ("state", ...) to leave it.

function params = initialize_parameters (layer_dims, scheme, seed)
  fname = "initialize_parameters";
  if (nargin < 2)
    print_usage ();
  endif
  if (nargin < 3)
    seed = [];
  endif
  layer_dims = check_layer_dims (fname, layer_dims);
  schemes = {"scaled", "he", "xavier", "book"};
  if (! (ischar (scheme) && any (strcmp (scheme, schemes))))
    bad_input (fname, "scheme", ["one of {" strjoin(schemes, ", ") "}"], describe_value (scheme));
  endif
  if (! isempty (seed) && ! strcmp (scheme, "book"))
    if (! (isnumeric (seed) && isreal (seed) && isscalar (seed) && isfinite (seed) && seed >= 0 && seed == fix (seed)))
      bad_input (fname, "seed", "a whole number >= 0 or empty", describe_value (seed));
    endif
    randn ("state", double (seed));
  endif

  if (strcmp (scheme, "book"))
    rand ("seed", 3);
  endif
  L = numel (layer_dims) - 1;
  names = parameter_names (L);
  params = struct ();
  for l = 1:L
    n_l = layer_dims(l + 1);
    n_prev = layer_dims(l);
    switch (scheme)
      case "scaled"
        W = randn (n_l, n_prev) * 0.01;
      case "he"
        W = randn (n_l, n_prev) * sqrt (2 / n_prev);
      case "xavier"
        W = randn (n_l, n_prev) * sqrt (1 / n_prev);
      case "book"
        W = rand (n_l, n_prev) * 0.01;
    endswitch
    params.(names{2*l-1}) = W;
    params.(names{2*l}) = zeros (n_l, 1);
  endfor
endfunction

%!test
%! ## Shapes, field order and zero biases for every scheme.
%! for scheme = {"scaled", "he", "xavier", "book"}
%!   p = initialize_parameters ([4 3 2 1], scheme{1}, 1);
%!   assert (fieldnames (p), {"W1"; "b1"; "W2"; "b2"; "W3"; "b3"});
%!   assert (size (p.W1), [3 4]);
%!   assert (size (p.W2), [2 3]);
%!   assert (size (p.W3), [1 2]);
%!   assert (p.b1, zeros (3, 1));
%!   assert (p.b2, zeros (2, 1));
%!   assert (p.b3, 0);
%! endfor
%! rand ("state", 42);

%!test
%! ## Book scheme: the same numbers on every call, uniform in [0, 0.01), and it is exactly
%! ## rand ("seed", 3) followed by rand (n_l, n_{l-1}) * 0.01 per layer, in layer order.
%! p1 = initialize_parameters ([2 5 1], "book");
%! rand ("state", 7); dummy = rand (10);       # disturb the generator in between
%! p2 = initialize_parameters ([2 5 1], "book", 12345);   # the seed is ignored by "book"
%! assert (p1, p2);
%! rand ("seed", 3);
%! expected_W1 = rand (5, 2) * 0.01;
%! expected_W2 = rand (1, 5) * 0.01;
%! assert (p1.W1, expected_W1);
%! assert (p1.W2, expected_W2);
%! all_w = [p1.W1(:); p1.W2(:)];
%! assert (all (all_w >= 0 & all_w < 0.01));
%! assert (all (all_w > 0));                   # uniform draws, not zeros
%! rand ("state", 42);

%!test
%! ## Book scheme restores nothing silently: the next rand call continues the old-generator
%! ## stream started by rand ("seed", 3), as in the book's script.
%! p = initialize_parameters ([3 4 2 1], "book");
%! after = rand (1, 6);
%! rand ("seed", 3);
%! skipped = rand (4 * 3 + 2 * 4 + 1 * 2, 1);  # the 22 numbers the initialiser consumed
%! expected = rand (1, 6);
%! assert (after, expected);
%! rand ("state", 42);

%!test
%! ## Book values are uniform over [0, 0.01): mean 0.005 and sd 0.01/sqrt(12) on a big layer.
%! p = initialize_parameters ([200 500 1], "book");
%! assert (mean (p.W1(:)), 0.005, 1e-4);
%! assert (std (p.W1(:)), 0.01 / sqrt (12), 1e-4);
%! assert (min (p.W1(:)) >= 0 && max (p.W1(:)) < 0.01);
%! rand ("state", 42);

%!test
%! ## Seeded randn schemes are reproducible and scale as documented (large layer, sample sd).
%! a = initialize_parameters ([400 300 1], "he", 5);
%! b = initialize_parameters ([400 300 1], "he", 5);
%! assert (a, b);
%! assert (std (a.W1(:)), sqrt (2 / 400), 0.02 * sqrt (2 / 400));
%! x = initialize_parameters ([400 300 1], "xavier", 5);
%! assert (x.W1, a.W1 * sqrt (1 / 2), 1e-15);   # same draws, sqrt(1/n) instead of sqrt(2/n)
%! s = initialize_parameters ([400 300 1], "scaled", 5);
%! assert (s.W1, a.W1 * 0.01 / sqrt (2 / 400), 1e-15);
%! c = initialize_parameters ([400 300 1], "he", 6);
%! assert (! isequal (a.W1, c.W1));

%!error <initialize_parameters: 'scheme' must be one of \{scaled, he, xavier, book\}; got 'random'> initialize_parameters ([2 3 1], "random")
%!error <initialize_parameters: 'layer_dims' must be a vector of at least 2 positive integers; got 2> initialize_parameters (2, "he")
%!error <initialize_parameters: 'seed' must be a whole number .= 0 or empty; got -1> initialize_parameters ([2 3 1], "he", -1)
%!error <initialize_parameters: 'seed' must be a whole number .= 0 or empty> initialize_parameters ([2 3 1], "he", 1.5)
%!error <initialize_parameters: 'layer_dims' must be a vector of at least 2 positive integers> initialize_parameters ([2 0 1], "he")
%!error <initialize_parameters: 'seed' must be a whole number .= 0 or empty; got 'x'> initialize_parameters ([2 1], "he", "x")
