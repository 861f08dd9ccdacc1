import { describe, expect, it } from 'vitest';
import { deadlineFor, parentOf, parsePeriod, parseUnitCode, reportStreamName, type UnitCode } from '@statledger/domain';
import { buildScenario, type CityTree, type DemoUnit } from '../src/index.ts';

/** 2 districts × 4 subdistricts × 120 villages: big enough for every fault class at the demo's rates. */
function syntheticCity(): CityTree {
  const unit = (code: string): DemoUnit => ({
    code: parseUnitCode(code),
    name: code,
    parent: parentOf(parseUnitCode(code)),
  });
  const districts = ['110101', '110102'].map(unit);
  const subdistricts = districts.flatMap((d) => [1, 2, 3, 4].map((t) => unit(`${d.code.slice(0, 6)}00${t}`)));
  const villages = subdistricts.flatMap((s) =>
    Array.from({ length: 120 }, (_, v) => unit(`${s.code.slice(0, 9)}${String(v + 1).padStart(3, '0')}`)),
  );
  return { city: unit('1101'), districts, subdistricts, villages };
}

const tree = syntheticCity();
const scenario = buildScenario(tree, 2025, 7);
const submissions = new Map(
  scenario.actions.filter((a) => a.kind === 'submit').map((a) => [reportStreamName(a.key), a]),
);
const deadlines = new Map<string, number>();
/** Sanitation deadlines depend only on the period here (no city override), so compute each once. */
const deadline = (stream: string) => {
  const period = stream.split('-').slice(3).join('-');
  if (!deadlines.has(period))
    deadlines.set(
      period,
      Date.parse(
        deadlineFor(
          { daysAfterPeriodEnd: 5, cityOverrides: {} },
          stream.split('-')[2] as UnitCode,
          parsePeriod(period),
        ),
      ),
    );
  return deadlines.get(period)!;
};

describe('demo scenario', () => {
  it('is the same for the same seed and different for another', () => {
    expect(buildScenario(tree, 2025, 7)).toEqual(scenario);
    expect(buildScenario(tree, 2025, 8).actions).not.toEqual(scenario.actions);
  });

  it('keeps actions in time order, and submits every report but the missing ones', () => {
    const times = scenario.actions.map((a) => a.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The demo year and one clean history year before it.
    const villageReports = tree.villages.length * 12 * 2;
    const villageSubmissions = [...submissions.keys()].filter(
      (s) => s.startsWith('report-sanitation-') && !s.split('-')[2]!.endsWith('000'),
    );
    expect(villageSubmissions.length).toBe(villageReports - scenario.faults.missing.length);
    for (const { report } of scenario.faults.missing) expect(submissions.has(report)).toBe(false);
  });

  it('injects every fault class', () => {
    for (const [name, list] of Object.entries(scenario.faults)) expect(list.length, name).toBeGreaterThan(0);
  });

  it('submits late reports after the deadline by the recorded days, and the rest on time', () => {
    const late = new Set(scenario.faults.late.map((f) => f.report));
    for (const { report, detail } of scenario.faults.late) {
      const days = Math.ceil((submissions.get(report)!.at - deadline(report)) / 86_400_000);
      expect(days).toBe(detail!.daysLate);
    }
    for (const [stream, action] of submissions) {
      if (stream.startsWith('report-sanitation-') && !late.has(stream))
        expect(action.at).toBeLessThanOrEqual(deadline(stream));
    }
  });

  it('types the ×1000 reports in kilograms and makes harmless exceed collected where it says so', () => {
    for (const { report, detail } of scenario.faults.wrong_unit_x1000) {
      const submitted = submissions.get(report)!;
      expect(submitted.kind === 'submit' && Number(submitted.values.SAN_WASTE_COLLECTED)).toBeCloseTo(
        Number(detail!.true) * 1000,
        0,
      );
    }
    for (const { report } of scenario.faults.harmless_exceeds_collected) {
      const submitted = submissions.get(report)!;
      if (submitted.kind !== 'submit') throw new Error('not a submission');
      expect(Number(submitted.values.SAN_WASTE_HARMLESS)).toBeGreaterThan(Number(submitted.values.SAN_WASTE_COLLECTED));
    }
  });

  it('returns and corrects the reports of that class, in that order', () => {
    for (const { report } of scenario.faults.corrected_after_return) {
      const kinds = scenario.actions.filter((a) => reportStreamName(a.key) === report).map((a) => a.kind);
      expect(kinds).toEqual(['submit', 'return', 'correct', 'approve']);
    }
  });

  it('has each subdistrict report its villages\u2019 total as its own (checked on night soil, which no fault touches)', () => {
    const missing = new Set(scenario.faults.missing.map((f) => f.report));
    let checked = 0;
    for (const sub of tree.subdistricts) {
      for (const period of ['2025-01', '2025-06', '2025-12']) {
        const villages = tree.villages
          .filter((v) => v.parent === sub.code)
          .map((v) => reportStreamName({ form: 'sanitation', unitCode: v.code, period }));
        if (villages.some((v) => missing.has(v))) continue;
        const cents = (stream: string) => {
          const a = submissions.get(stream)!;
          return a.kind === 'submit' ? Math.round(Number(a.values.SAN_NIGHT_SOIL) * 100) : NaN;
        };
        const total = villages.reduce((sum, v) => sum + cents(v), 0);
        expect(cents(reportStreamName({ form: 'sanitation', unitCode: sub.code, period }))).toBe(total);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
