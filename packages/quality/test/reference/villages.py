# Writes villages.csv, the clustered village values of packages/quality/test/digits.unit.test.ts (numpy 2.4, seed 20251130).
# 80 villages × 3 months of one district-quarter; a village's months share its magnitude (a cluster), values span
# three orders of magnitude, and every fourth village rounds its figures to whole multiples of 5.
# python3 packages/quality/test/reference/villages.py
import numpy as np
rng = np.random.default_rng(20251130)
rows = ['unit,value']
for v in range(80):
    level = np.exp(rng.normal(np.log(150), 1.4))
    for m in range(3):
        x = level * rng.uniform(0.9, 1.1)
        text = f'{5 * round(x / 5)}' if v % 4 == 0 and x >= 20 else f'{x:.2f}'
        rows.append(f'110101001{v + 1:03d},{text}')
open('villages.csv', 'w').write('\n'.join(rows) + '\n')
