# R CMD check's entry point: the testthat suite against the installed package. The tests run in
# a child of the package namespace, so the internal helpers are visible to them as well.
library(testthat)
library(nnparityr)

test_check("nnparityr")
