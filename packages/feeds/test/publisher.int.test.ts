import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { LedgerScope, ProjectionStore } from '@statledger/read-models';
import { createMessageValidator, runFeedPublisher, type FeedMessage } from '../src/index.ts';
import { VILLAGES, admin, feedFixture, valuesFor } from './fixture.ts';

describe('the feed publisher', () => {
  it("restores only the periods of its batch: a correction of March figures March, not the form's every month", async () => {
    const { store, projections, catalogue, isDenominatorSource, reports, project } = await feedFixture();
    const scopes: (LedgerScope | undefined)[] = [];
    const watched: ProjectionStore = {
      ...projections,
      restore: (ledger, scope) => (scopes.push(scope), projections.restore(ledger, scope)),
    };
    const sent: FeedMessage[] = [];
    const publish = () =>
      runFeedPublisher({
        projections: watched,
        catalogue,
        isDenominatorSource,
        sink: { name: 'memory', send: async (messages) => void sent.push(...messages), close: async () => {} },
        logger: pino({ level: 'silent' }),
        validate: createMessageValidator(),
        stopWhenIdle: true,
      });

    await publish();
    expect(scopes.map((s) => s?.periods)).toEqual([['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']]);

    const key = { form: 'sanitation', unitCode: VILLAGES[0]!, period: '2025-03' };
    const values = { ...valuesFor(0), SAN_WASTE_COLLECTED: '1100' };
    await reports.execute(
      key,
      { type: 'CorrectReport', values, reason: 'recounted' },
      { principal: admin, channel: 'api' },
    );
    await project();
    scopes.length = 0;
    sent.length = 0;
    await publish();
    expect(scopes.map((s) => s?.periods)).toEqual([['2025-03']]);
    // The city's and the district's March with the corrected village: the six villages' 615 t, plus 1,000 t.
    expect(sent.map((m) => [m.key, (m.value.values as Record<string, string>).SAN_WASTE_COLLECTED])).toEqual([
      ['sanitation|110100000000|2025-03', '1615'],
      ['sanitation|110101000000|2025-03', '1615'],
    ]);
    await store.close();
  });
});
