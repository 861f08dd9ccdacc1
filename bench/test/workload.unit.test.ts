import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { deadlineFor, parsePeriod, type UnitCode } from '@statledger/domain';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import type { CityTree, DemoUnit } from '@statledger/demo';
import { cityYear, nationalMonth } from '../src/workload.ts';

const unit = (code: string, parent: string | null): DemoUnit => ({
  code: code as UnitCode,
  name: code,
  parent: parent as UnitCode | null,
});
const tree: CityTree = {
  city: unit('110100000000', null),
  districts: [unit('110101000000', '110100000000')],
  subdistricts: [unit('110101001000', '110101000000'), unit('110101002000', '110101000000')],
  villages: [
    unit('110101001001', '110101001000'),
    unit('110101001002', '110101001000'),
    unit('110101002001', '110101002000'),
  ],
};
const catalogue = loadFormCatalogue();

describe('benchmark workloads', () => {
  it("gives a city's year as twelve monthly sanitation uploads and four quarters of patents and R&D", () => {
    const year = cityYear(tree, catalogue, 2025, 7);
    expect(year.uploads.map((u) => u.label).slice(0, 5)).toEqual([
      'sanitation 2025-01',
      'sanitation 2025-02',
      'sanitation 2025-03',
      'patent 2025-Q1',
      'rnd 2025-Q1',
    ]);
    expect(year.uploads).toHaveLength(20);
    // Villages and townships report sanitation monthly; townships report the quarterly forms.
    expect(year.reports).toBe(12 * 5 + 4 * 2 * 2);
  });

  it('submits every upload before its deadline, so timeliness has nothing to say about the generated data', () => {
    for (const upload of cityYear(tree, catalogue, 2025, 7).uploads) {
      const [form, period] = upload.label.split(' ') as [string, string];
      const deadline = deadlineFor(catalogue.get(form).deadline, '110101001001' as UnitCode, parsePeriod(period));
      expect(upload.submittedAt.getTime()).toBeLessThan(Date.parse(deadline));
    }
  });

  it('generates the same bytes for the same seed and other figures for another', async () => {
    const csv = (seed: number) => text(nationalMonth(tree.villages, catalogue, '2025-06', seed).uploads[0]!.csv());
    const first = await csv(42);
    expect(await csv(42)).toBe(first);
    expect(await csv(43)).not.toBe(first);
    const lines = first.trim().split('\n');
    expect(lines[0]).toBe(
      'form,unitCode,period,SAN_ROAD_AREA,SAN_WASTE_COLLECTED,SAN_WASTE_HARMLESS,SAN_NIGHT_SOIL,SAN_CONSTRUCTION_WASTE,SAN_PUBLIC_TOILETS,SAN_CLEANERS',
    );
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(tree.villages.map((v) => v.code));
  });
});
