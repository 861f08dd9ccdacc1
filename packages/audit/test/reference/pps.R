# Expected values for packages/audit/test/sampling.unit.test.ts: R 4.2.2, sampling 2.9.
# Rscript packages/audit/test/reference/pps.R
library(sampling)
options(digits = 15)
# 500 and then 300 are capped at 1 in turn; the other two draws are spread over the rest.
print(inclusionprobabilities(c(500, 300, 60, 50, 40, 30, 20), 4))
