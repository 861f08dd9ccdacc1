import type { UnitCode } from '@statledger/domain';

/**
 * Forty sanitation reports of 2025-03 for the sampling tests: district 110101 with townships of 12 and 8
 * villages, district 110102 with one of 20. Waste collected spreads over two orders of magnitude (sizes for
 * PPS, a spread per district for Neyman); every value is fixed, so expected samples can be written down.
 */
export const population = [...villages('110101001', 12), ...villages('110101002', 8), ...villages('110102001', 20)].map(
  (unitCode, i) => ({
    report: `report-sanitation-${unitCode}-2025-03`,
    unitCode,
    values: { SAN_WASTE_COLLECTED: (12 * 1.13 ** i + (i % 7) * 3.5).toFixed(2) },
  }),
);

function villages(township: string, count: number): UnitCode[] {
  return Array.from({ length: count }, (_, v) => `${township}${String(v + 1).padStart(3, '0')}` as UnitCode);
}
