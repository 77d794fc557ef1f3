# Load the R implementation without installing a package: sys.source() every R/*.R file (in
# name order; no file depends on another at source time) into one fresh environment, then
# byte-compile its functions once so that the first timed call does not pay R's JIT compiler.
load_nnparity_r <- function(dir) {
  files <- sort(list.files(file.path(dir, "R"), pattern = "\\.R$", full.names = TRUE))
  if (length(files) == 0) {
    stop(sprintf("[R] load_nnparity_r: 'dir' must hold R/*.R files; got \"%s\"", dir), call. = FALSE)
  }
  env <- new.env(parent = globalenv())
  for (file in files) sys.source(file, envir = env)
  for (name in ls(env)) {
    if (is.function(env[[name]])) env[[name]] <- compiler::cmpfun(env[[name]])
  }
  env
}
