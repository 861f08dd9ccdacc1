# Expected values for packages/quality/test/digits.unit.test.ts: numpy 2.4 / scipy 1.17.
# The mean absolute deviation of first-digit shares from Benford's law when n values follow the law exactly,
# exactly (sum over each digit's binomial distribution, scipy.stats.binom) and by simulation (1,000,000 draws).
# python3 packages/quality/test/reference/benford_mad.py
import numpy as np
from scipy.stats import binom
P = np.log10(1 + 1 / np.arange(1, 10))
rng = np.random.default_rng(7)
for n in (50, 150, 300, 1000):
    exact = np.mean([sum(binom.pmf(k, n, p) * abs(k / n - p) for k in range(n + 1)) for p in P])
    shares = rng.multinomial(n, P, size=1_000_000) / n
    simulated = np.mean(np.abs(shares - P).mean(axis=1))
    print(n, round(exact, 6), round(simulated, 6), np.quantile(np.abs(shares - P).mean(axis=1), 0.999).round(6))
