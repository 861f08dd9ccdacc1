# Expected values for packages/audit/test/lqas.unit.test.ts: R 4.2.2 pbinom/phyper.
# The rule: the d that minimises max(alpha, beta), then alpha + beta, then the smaller d.
# Rscript packages/audit/test/reference/lqas.R
options(digits = 12)
choose_rule <- function(alpha, beta) {
  key <- order(round(pmax(alpha, beta), 12), round(alpha + beta, 12), seq_along(alpha))
  d <- key[1] - 1
  c(d = d, alpha = alpha[d + 1], beta = beta[d + 1])
}
binomial_rule <- function(pa, pu, n = 19) {
  d <- 0:n
  choose_rule(1 - pbinom(d, n, pa), pbinom(d, n, pu))
}
lot_rule <- function(pa, pu, N) {
  n <- min(19, N); d <- 0:n
  Da <- floor(pa * N + 1e-9); Du <- ceiling(pu * N - 1e-9)
  # phyper(q, m = discrepant in the lot, n = the others, k = drawn)
  choose_rule(1 - phyper(d, Da, N - Da, n), phyper(d, Du, N - Du, n))
}
print(binomial_rule(0.2, 0.5))   # the Grant & Leavenworth table: d = 6, alpha 0.0676, beta 0.0835
print(binomial_rule(0.1, 0.25))  # no rule keeps both at or below 0.10
print(binomial_rule(0.1, 0.4))
print(lot_rule(0.2, 0.5, 10))    # a township of 10, taken whole
print(lot_rule(0.1, 0.4, 25))
print(lot_rule(0.2, 0.5, 40))
print(lot_rule(0.2, 0.5, 2000))
