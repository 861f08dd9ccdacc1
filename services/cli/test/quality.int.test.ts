import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspace } from './serve-fixture.ts';

describe('quality checks on the demo of a real city (乌海市, 1503)', () => {
  it('runs, shows a unit\u2019s quality, and finds the injected faults', async () => {
    const ws = workspace();
    const faults = join(ws.dir, 'faults.json');
    const demo = ws.run(['demo', '--city', '1503', '--faults-file', faults]);
    expect(await demo.exited, demo.output()).toBe(0);

    const run = ws.run(['quality', 'run', '--sweep-until', '2026-02-01T00:00:00+08:00']);
    expect(await run.exited, run.output()).toBe(0);
    // The demo closed every period in simulated time; nothing is left to sweep.
    expect(run.output()).toMatch(/0 periods closed, 0 reports overdue/);
    expect(run.output()).toMatch(/quality: \d+ events checked, \d+ findings raised/);

    const again = ws.run(['quality', 'run', '--no-sweep']);
    expect(await again.exited).toBe(0);
    expect(again.output()).toMatch(/quality: 0 events checked, 0 findings raised, 0 resolved/);

    const show = ws.run(['quality', '--unit', '1503', '--period', '2025-03']);
    expect(await show.exited, show.output()).toBe(0);
    expect(show.output()).toMatch(/sanitation: expected 109, received \d+, on time \d+ — completeness/);
    expect(show.output()).toMatch(/150302000000 /);

    const bulletin = ws.run([
      'bulletin',
      '--city',
      '1503',
      '--period',
      '2025-Q1',
      '--format',
      'html',
      '--out',
      join(ws.dir, 'bulletin.html'),
    ]);
    expect(await bulletin.exited, bulletin.output()).toBe(0);
    const html = readFileSync(join(ws.dir, 'bulletin.html'), 'utf8');
    for (const text of [
      '乌海市 2025-Q1 统计公报',
      '海勃湾区',
      '海南区',
      '乌达区',
      '环境卫生统计月报',
      'R&amp;D经费统计季报',
      '目标完成',
    ])
      expect(html).toContain(text);

    const score = ws.run(['quality', 'score', '--faults', faults]);
    expect(await score.exited, score.output()).toBe(0);
    for (const line of score
      .output()
      .split('\n')
      .filter((l) => /^(late|missing|source_conflict|fabricated_district) /.test(l))) {
      const [, injected, found] = line.split(/\s+/);
      expect(Number(found), line).toBe(Number(injected));
    }
  });
});
