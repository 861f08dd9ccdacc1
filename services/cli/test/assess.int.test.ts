import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { domainEventSchema } from '@statledger/domain';
import { readAllPages } from '@statledger/event-store';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { workspace } from './serve-fixture.ts';

describe('statledger demo, then its assessments (乌海市, 1503)', () => {
  it('ranks the districts, caps the one with fabricated figures, publishes notices that verify, and runs again idempotently', async () => {
    const ws = workspace();
    const finished = async (args: string[]) => {
      const child = ws.run(args);
      expect(await child.exited, child.output()).toBe(0);
      return child.stdout();
    };
    const output = await finished([
      'demo',
      '--city',
      '1503',
      '--year',
      '2025',
      '--faults-file',
      join(ws.dir, 'faults.json'),
    ]);
    // The demo's fabricated district is 乌达区 (150304): capped by its failed spot check, last.
    expect(output).toMatch(/injected faults \(fabricated district: 150304000000 乌达区\)/);
    const sanitation = output.slice(output.indexOf('环卫信息统计工作考评'), output.indexOf('科技进步考核'));
    expect(sanitation.trim().split('\n').at(-1)).toMatch(/3\s+乌达区\s+60\.00 合格 封顶 60/);
    expect(output).toMatch(/一票否决/);

    const head = (text: string) => /integrity verified: (\d+) events/.exec(text)?.[1];
    const before = head(await finished(['verify']));
    await finished(['demo', '--city', '1503', '--year', '2025', '--faults-file', join(ws.dir, 'faults.json')]);
    expect(head(await finished(['verify']))).toBe(before);

    const verified = await finished([
      'assess',
      'verify',
      '--scheme',
      'sanitation-statistics',
      '--root',
      '1503',
      '--period',
      '2025',
    ]);
    expect(verified).toMatch(/^notice at log position \d+: content intact, reproduced from the log \([0-9a-f]{64}\)$/m);
    const html = await finished([
      'assess',
      'notice',
      '--scheme',
      'sanitation-statistics',
      '--root',
      '1503',
      '--period',
      '2025',
    ]);
    expect(html).toContain('乌海市');
    expect(html).toMatch(/<td>3<\/td><td>乌达区<\/td><td>60\.00<\/td><td>合格<\/td>/);
    const lines = await finished([
      'assess',
      'show',
      '--scheme',
      'sanitation-statistics',
      '--root',
      '1503',
      '--period',
      '2025',
      '--unit',
      '150304',
    ]);
    expect(lines).toMatch(/FABRICATION\s+\d+\s+0\.00\s+10 − min\(10, 5 × \d+\)/);

    // The read side narrows events by their type without parsing them; every event the demo wrote must parse.
    const store = createSqliteEventStore({ path: ws.env.STATLEDGER_STORE.slice('sqlite:'.length) });
    const types = new Map<string, number>();
    try {
      for await (const page of readAllPages(store)) {
        for (const e of page) {
          const parsed = domainEventSchema.safeParse({ type: e.type, data: e.data });
          expect(parsed.error?.issues, `${e.type} at ${e.position} in ${e.stream}`).toBeUndefined();
          types.set(e.type, (types.get(e.type) ?? 0) + 1);
        }
      }
    } finally {
      await store.close();
    }
    for (const kind of ['ReportSubmitted', 'QualityFindingRaised', 'QualityFindingResolved', 'AuditFindingRecorded'])
      expect(types.get(kind) ?? 0, `${kind} in ${JSON.stringify([...types])}`).toBeGreaterThan(0);
    expect(types.get('AssessmentPublished')).toBe(2);
  });
});
