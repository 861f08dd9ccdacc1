import { parseUnitCode, type UnitCode } from '@statledger/domain';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import type { ContributingReport } from '../src/index.ts';

/**
 * A city of four tiers with a quarter of sanitation reports, each figure written out so that a test's expected
 * sums can be worked by hand.
 */
export const catalogue = loadFormCatalogue();
export const u = (code: string) => parseUnitCode(code);
// city 1101 → districts 110101, 110102 → subdistricts 110101001, 110101002, 110102001 → six villages
export const units = [
  '1101',
  '110101',
  '110102',
  '110101001',
  '110101002',
  '110102001',
  '110101001001',
  '110101001002',
  '110101002001',
  '110102001001',
  '110102001002',
  '110102001003',
].map(u);

export const months = ['2025-01', '2025-02', '2025-03'];
/** collected, harmless and toilets per village per month (January, February, March); V6 has no March report. */
export const villages: Record<string, { c: string[]; h: string[]; t: string[] }> = {
  '110101001001': { c: ['100', '110', '120'], h: ['100', '110', '120'], t: ['5', '6', '7'] },
  '110101001002': { c: ['10', '10', '10'], h: ['5', '5', '5'], t: ['2', '2', '2'] },
  '110101002001': { c: ['50.5', '50.5', '50.5'], h: ['50', '50', '50'], t: ['3', '3', '3'] },
  '110102001001': { c: ['0.1', '0.2', '0.3'], h: ['0.1', '0.2', '0.3'], t: ['1', '1', '1'] },
  '110102001002': { c: ['40', '40', '40'], h: ['36', '36', '36'], t: ['4', '4', '4'] },
  '110102001003': { c: ['20', '20'], h: ['20', '20'], t: ['2', '2'] },
};
export const reports: ContributingReport[] = Object.entries(villages).flatMap(([code, v]) =>
  v.c.map((c, i) => ({
    unitCode: code as UnitCode,
    period: months[i]!,
    values: {
      SAN_ROAD_AREA: '1',
      SAN_WASTE_COLLECTED: c,
      SAN_WASTE_HARMLESS: v.h[i]!,
      SAN_NIGHT_SOIL: '1',
      SAN_CONSTRUCTION_WASTE: '1',
      SAN_PUBLIC_TOILETS: v.t[i]!,
      SAN_CLEANERS: '1',
    },
    // V2's March report awaits approval; V3's March was corrected after approval; V1's March has two open findings.
    approved: !(code === '110101001002' && i === 2),
    revised: code === '110101002001' && i === 2,
    openFindings: code === '110101001001' && i === 2 ? 2 : 0,
    // V6 reports late.
    onTime: code !== '110102001003',
  })),
);
