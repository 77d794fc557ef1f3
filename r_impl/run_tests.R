# Run the R implementation's test suite:  Rscript r_impl/run_tests.R  (from any directory).
# Loads the implementation with load.R, runs testthat's test_dir with a progress reporter and
# prints one line "R: <N> passed, <F> failed". N counts passed expectations; F counts failed
# expectations plus every test that errored or was skipped (a skip is a test that did not run,
# and none is expected). Exits with status 1 when F > 0.

script_path <- function() {
  prefix <- "--file="
  argument <- grep(paste0("^", prefix), commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(argument) == 0) stop("run_tests.R must be run with Rscript", call. = FALSE)
  normalizePath(sub(prefix, "", argument[1]))
}

impl_dir <- dirname(script_path())
source(file.path(impl_dir, "load.R"))
suppressPackageStartupMessages(library(testthat))

implementation <- load_nnparity_r(impl_dir)
test_env <- new.env(parent = implementation)
results <- test_dir(file.path(impl_dir, "tests", "testthat"), env = test_env,
                    reporter = ProgressReporter$new(show_praise = FALSE), stop_on_failure = FALSE)

summary_table <- as.data.frame(results)
n_passed <- sum(summary_table$passed)
n_failed <- sum(summary_table$failed) + sum(summary_table$error) + sum(summary_table$skipped)
cat(sprintf("R: %d passed, %d failed\n", n_passed, n_failed))
quit(status = if (n_failed > 0) 1 else 0, save = "no")
