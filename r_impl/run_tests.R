# Run the R implementation's test suite:  Rscript r_impl/run_tests.R  (from any directory).
# Loads the implementation with load.R, runs testthat's test_dir with a progress reporter and
# prints one line "R: <N> passed, <F> failed (<E> expectations)". N and F count test cases
# (test_that blocks), as the other suites count tests: a test case passes when every expectation
# in it passed and it neither errored nor was skipped (a skip is a test that did not run, and
# none is expected); E counts the expectations run. Exits with status 1 when F > 0.

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
passing <- summary_table$failed == 0 & !summary_table$error & !summary_table$skipped
n_passed <- sum(passing)
n_failed <- sum(!passing)
cat(sprintf("R: %d passed, %d failed (%d expectations)\n", n_passed, n_failed, sum(summary_table$nb)))
quit(status = if (n_failed > 0) 1 else 0, save = "no")
