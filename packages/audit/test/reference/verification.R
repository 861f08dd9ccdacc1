# Expected values for packages/audit/test/verification.unit.test.ts: R 4.2.2, survey 4.1-1.
# Rscript packages/audit/test/reference/verification.R
library(survey)
options(survey.lonely.psu = "remove", digits = 12)

# Stratified by district, simple random sampling within strata: A draws 5 of 40, B 6 of 100.
st <- data.frame(
  stratum = c(rep("A", 5), rep("B", 6)),
  N = c(rep(40, 5), rep(100, 6)),
  reported = c(120, 80, 95, 60, 150, 30, 45, 52, 38, 41, 60),
  recounted = c(118, 80, 70, 60, 151, 30, 44, 52, 20, 41, 66)
)
st$pi <- ifelse(st$stratum == "A", 5 / 40, 6 / 100)
st$outside <- as.numeric(st$recounted / st$reported < 0.9 | st$recounted / st$reported > 1.1)
d <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, weights = ~ I(1 / pi), data = st)
r <- svyratio(~recounted, ~reported, d)
print(coef(r)); print(SE(r)); print(confint(r))
m <- svymean(~outside, d)
print(coef(m)); print(SE(m)); print(confint(m))

# PPS (with-replacement approximation), one unit drawn with certainty in a stratum of its own.
pps <- data.frame(
  pi = c(1, 0.6, 0.3, 0.25, 0.5, 0.35),
  reported = c(900, 400, 210, 180, 330, 260),
  recounted = c(880, 300, 210, 185, 330, 240)
)
pps$certain <- pps$pi == 1
pps$N <- ifelse(pps$certain, 1, 1e15) # certainty stratum fully sampled; the other without correction
dp <- svydesign(ids = ~1, strata = ~certain, fpc = ~N, weights = ~ I(1 / pi), data = pps)
rp <- svyratio(~recounted, ~reported, dp)
print(coef(rp)); print(SE(rp)); print(confint(rp))
