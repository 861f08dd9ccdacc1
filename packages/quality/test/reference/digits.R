# Expected values for packages/quality/test/digits.unit.test.ts: R 4.2.2, survey 4.1-1.
# The villages are the clusters: svydesign(ids = ~unit) estimates each class proportion and its variance
# from them; Rao and Scott's first-order design effect is delta = n/(k - 1) * sum(V(p_i) / P_i).
# Rscript packages/quality/test/reference/digits.R
library(survey)
options(digits = 12)
v <- read.csv("villages.csv", colClasses = c("character", "character"))
v$x <- as.numeric(v$value)
v <- v[v$x != 0, ]
v$first <- factor(as.integer(substr(gsub("[^1-9]", "", v$value), 1, 1)), levels = 1:9)
P <- log10(1 + 1 / (1:9))
d <- svydesign(ids = ~unit, data = v)
m <- svymean(~first, d)
n <- nrow(v)
counts <- table(v$first)
X2 <- sum((counts - n * P)^2 / (n * P))
delta <- n / 8 * sum(diag(vcov(m)) / P)
cat("n", n, "X2", X2, "delta", delta, "X2/delta", X2 / delta, "p", pchisq(X2 / delta, 8, lower.tail = FALSE), "\n")
cat("MAD", mean(abs(counts / n - P)), "\n")
cat("svygofchisq:\n"); print(svygofchisq(~first, P, d))
# Terminal digits: the units digit of values of 100 or more, 0 or 5 against 20 %.
w <- v[v$x >= 100, ]
w$heaped <- as.numeric(substr(sub("\\..*", "", w$value), nchar(sub("\\..*", "", w$value)), 100) %in% c("0", "5"))
dw <- svydesign(ids = ~unit, data = w)
h <- svymean(~heaped, dw)
cat("terminal n", nrow(w), "share", coef(h), "se", SE(h), "z", (coef(h) - 0.2) / SE(h), "\n")
cat("quantiles P1 P99 (type 7)", quantile(v$x, c(0.01, 0.99), type = 7), "span", log10(quantile(v$x, 0.99, type = 7) / quantile(v$x, 0.01, type = 7)), "\n")
