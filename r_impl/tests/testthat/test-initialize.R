# Initialisation schemes (SPEC.md "Initialisation").

test_that("scaled, he and xavier scale N(0, 1) draws from R's RNG seeded with `seed`", {
  for (scheme in c("scaled", "he", "xavier")) {
    params <- initialize_parameters(c(4, 3, 2), scheme, 5)
    set.seed(5)
    z1 <- rnorm(12)
    z2 <- rnorm(6)
    scale1 <- switch(scheme, scaled = 0.01, he = sqrt(2 / 4), xavier = sqrt(1 / 4))
    scale2 <- switch(scheme, scaled = 0.01, he = sqrt(2 / 3), xavier = sqrt(1 / 3))
    expect_equal(params$W1, matrix(z1, nrow = 3) * scale1, tolerance = 1e-15, label = scheme)
    expect_equal(params$W2, matrix(z2, nrow = 2) * scale2, tolerance = 1e-15, label = scheme)
    expect_identical(params$b2, matrix(0, 2, 1))
    expect_identical(names(params), c("W1", "b1", "W2", "b2"))
  }
})

test_that("the book scheme ignores the seed", {
  expect_identical(initialize_parameters(c(2, 5, 1), "book", 99), initialize_parameters(c(2, 5, 1), "book"))
})
