# Expected values for packages/audit/test/allocation.unit.test.ts: R 4.2.2.
# Every integer allocation within the bounds is tried; the one with the least variance of the estimated total,
# V = sum(N^2 (1 - n/N) S^2 / n) (Cochran 1977, eq. 5.6), is the optimum the allocation must reach.
# Rscript packages/audit/test/reference/allocation.R
best <- function(n, N, S, lower) {
  grid <- expand.grid(lapply(seq_along(N), function(h) lower[h]:N[h]))
  grid <- grid[rowSums(grid) == n, , drop = FALSE]
  V <- apply(grid, 1, function(nh) sum(N^2 * (1 - nh / N) * S^2 / nh))
  list(allocation = unlist(grid[which.min(V), ]), variance = min(V))
}
variance <- function(nh, N, S) sum(N^2 * (1 - nh / N) * S^2 / nh)
# The issue's example: A (N 5, S 100), B (100, 1), C (100, 3), n = 50.
print(best(50, c(5, 100, 100), c(100, 1, 3), c(2, 2, 2)))
print(variance(c(5, 17, 28), c(5, 100, 100), c(100, 1, 3)))   # the round-robin answer
# A stratum without spread still gets 2: D (N 30, S 0), E (60, 4), F (90, 2), n = 20.
print(best(20, c(30, 60, 90), c(0, 4, 2), c(2, 2, 2)))
# Two capped strata, re-allocated twice: G (3, 50), H (4, 40), I (200, 2), J (300, 1), n = 30.
print(best(30, c(3, 4, 200, 300), c(50, 40, 2, 1), c(2, 2, 2, 2)))
