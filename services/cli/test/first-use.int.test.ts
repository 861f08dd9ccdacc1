import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from './serve-fixture.ts';

const values = {
  SAN_ROAD_AREA: '3.2',
  SAN_WASTE_COLLECTED: '186.4',
  SAN_WASTE_HARMLESS: '186.4',
  SAN_NIGHT_SOIL: '21.5',
  SAN_CONSTRUCTION_WASTE: '40',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '18',
};
const report = 'report-sanitation-110101001001-2025-03';

describe('first use of the CLI', () => {
  const ws = workspace();
  const run = async (args: string[]) => {
    const child = ws.run(args);
    const code = await child.exited;
    return { code, output: child.output() };
  };

  it('corrects, returns, approves and reopens a report from the command line, as the principals it names', async () => {
    expect((await run(['units', 'import', 'examples/units.csv'])).code).toBe(0);
    const json = join(ws.dir, 'report.json');
    writeFileSync(json, JSON.stringify({ form: 'sanitation', unitCode: '110101001001', period: '2025-03', values }));
    expect((await run(['submit', json, '--as', 'dongcheng-reporter'])).code).toBe(0);
    // The same report again is refused input (exit 1), not a failure of the command (exit 2).
    const again = await run(['submit', json, '--as', 'dongcheng-reporter']);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/refused: .*the report exists already/);

    const correct = await run([
      'report',
      'correct',
      report,
      '--set',
      'SAN_WASTE_COLLECTED=190.4',
      '--set',
      'SAN_WASTE_HARMLESS=190.4',
      '--reason',
      '按台账更正',
      '--as',
      'dongcheng-reporter',
    ]);
    expect(correct).toMatchObject({ code: 0, output: expect.stringMatching(/ReportCorrected at revision 1/) });
    const stale = await run([
      'report',
      'return',
      report,
      '--comment',
      '待核',
      '--expected-revision',
      '0',
      '--as',
      'donghuamen-approver',
    ]);
    expect(stale.code).toBe(2);
    expect(stale.output).toMatch(/expected revision 0/i);
    expect(
      (
        await run([
          'report',
          'return',
          report,
          '--comment',
          '待核',
          '--expected-revision',
          '1',
          '--as',
          'donghuamen-approver',
        ])
      ).output,
    ).toMatch(/ReportReturned at revision 2/);
    expect(
      (
        await run([
          'report',
          'correct',
          report,
          '--set',
          'SAN_CLEANERS=19',
          '--reason',
          '复核',
          '--as',
          'dongcheng-reporter',
        ])
      ).code,
    ).toBe(0);
    expect((await run(['report', 'approve', report, '--as', 'donghuamen-approver'])).output).toMatch(
      /ReportApproved at revision 4/,
    );
    expect((await run(['report', 'approve', report, '--as', 'dongcheng-reporter'])).code).toBe(2);
    expect(
      (await run(['report', 'reopen', report, '--reason', '抽查发现差异', '--as', 'donghuamen-approver'])).output,
    ).toMatch(/ReportReopened at revision 5/);
    const history = await run(['history', report, '--json']);
    const events = history.output
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type: string; data: { values?: Record<string, string> } });
    expect(events.filter((e) => e.type === 'ReportCorrected').at(-1)!.data.values).toMatchObject({
      SAN_WASTE_COLLECTED: '190.4',
      SAN_CLEANERS: '19',
    });
  });

  it('ends quietly when its reader closes the pipe (statledger history … | head)', () => {
    const piped = spawnSync('bash', ['-o', 'pipefail', '-c', `node --import tsx ${cli} history ${report} | head -1`], {
      env: { ...process.env, ...ws.env },
      encoding: 'utf8',
    });
    expect(piped.status).toBe(0);
    expect(piped.stderr).not.toMatch(/EPIPE/);
  });

  it('takes a date alone for --as-of, as the start of that day in Asia/Shanghai', async () => {
    const stats = await run([
      'stats',
      '--form',
      'sanitation',
      '--unit',
      '110101',
      '--period',
      '2025-03',
      '--as-of',
      '2099-01-01',
    ]);
    // the figures as of the last event recorded before that day
    expect(stats.output).toMatch(
      /as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai \(log position \d+\)\n110101000000 \(district\)/,
    );
    expect(
      (await run(['stats', '--form', 'sanitation', '--unit', '110101', '--period', '2025-03', '--as-of', '2025-13-01']))
        .output,
    ).toMatch(/neither an instant with its offset/);
  });

  it('serve shows example reports of last month, not of a month long past', async () => {
    const server = await ws.serve();
    const line = await server.child.waitForLine(/with the example reports dated \d{4}-\d{2}/);
    await server.child.waitForLine(/\/history$/);
    await server.child.kill('SIGTERM');
    const period = /dated (\d{4}-\d{2})/.exec(line)![1]!;
    const file = join(ws.dir, 'examples', `reports-${period}.csv`);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`,${period},`);
    expect(server.child.output()).toContain(`report-sanitation-110101001001-${period}/history`);
  });
});
