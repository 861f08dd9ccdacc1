import { describe, expect, it } from 'vitest';
import { followUpStreamName, reportStreamName, type UnitCode } from '@statledger/domain';
import { createInMemoryEventStore, uuidFromName, type JsonObject } from '@statledger/event-store';
import {
  createFindingsView,
  DEFAULT_POLICY,
  dueDateOf,
  escalateOverdue,
  orderedQueue,
  type QueueItem,
} from '../src/index.ts';

const metadata = { principal: 'system:quality-worker', channel: 'system', correlationId: 'c' };
const township = '110101001000' as UnitCode;
const district = '110101000000' as UnitCode;
/** 500 villages to a township. */
const villageOf = (i: number) =>
  `110101${String(Math.floor(i / 500) + 1).padStart(3, '0')}${String((i % 500) + 1).padStart(3, '0')}` as UnitCode;

/** A log with `n` villages' March reports, one quality finding on each, as the worker would have written them. */
async function logWithFindings(n: number, clock: { t: number }) {
  const store = createInMemoryEventStore({ now: () => new Date((clock.t += 1_000)) });
  const append = (stream: string, type: string, data: JsonObject, name: string) =>
    store.appendToStream(stream, [{ id: uuidFromName(name), type, data, metadata }], { expectedRevision: 'any' });
  for (let i = 0; i < n; i++) {
    const key = { form: 'sanitation', unitCode: villageOf(i), period: '2025-03' };
    const report = reportStreamName(key);
    // Values 100 each, and a peer median of 100 minus a deviation that differs per village: impacts all differ.
    await append(
      report,
      'ReportSubmitted',
      { ...key, values: { SAN_WASTE_COLLECTED: '100' }, source: { type: 'reporting_unit' } },
      `s${i}`,
    );
    const finding = {
      code: 'PEER_OUTLIER',
      severity: i % 3 === 0 ? 'error' : 'warning',
      indicator: 'SAN_WASTE_COLLECTED',
      message: 'far from its siblings',
      evidence: { value: 100, medianOfPeers: 100 - (i % 97) },
    };
    await append(
      `quality-${report}`,
      'QualityFindingRaised',
      { findingId: `f-${i}`, subject: `quality-${report}`, report, family: 'peers', finding },
      `q${i}`,
    );
  }
  return { store, append };
}

describe('the findings queue', () => {
  it('orders by severity, then by the share of the parent’s figure a correction would move, largest first', async () => {
    const clock = { t: Date.parse('2025-04-02T02:00:00Z') };
    const { store, append } = await logWithFindings(3, clock);
    // Worked by hand: the township's figure is the sum of its three villages, 100 + 100 + 100 = 300 t.
    // f-1: |100 − 99| = 1 t → 1/300 = 0.333 %; f-2: |100 − 98| = 2 t → 0.667 %; f-0 is an error: first whatever its impact.
    const fold = await createFindingsView(store, DEFAULT_POLICY).catchUp();
    const items = orderedQueue(fold, { under: township }, DEFAULT_POLICY, new Date(clock.t));
    expect(items.map((i) => [i.findingId, i.severity, i.deviation, i.parentTotal])).toEqual([
      ['f-0', 'error', 0, 300],
      ['f-2', 'warning', 2, 300],
      ['f-1', 'warning', 1, 300],
    ]);
    expect(items[1]!.impact).toBeCloseTo(2 / 300, 12);

    // A district figure moved by 5 % comes before one moved by 0.01 %: 50 of 1,000 t against 0.1 of 1,000 t.
    const report = reportStreamName({ form: 'sanitation', unitCode: villageOf(0), period: '2025-03' });
    await append(report, 'ReportCorrected', { values: { SAN_WASTE_COLLECTED: '800' }, reason: 'r' }, 'c0');
    for (const [id, median] of [
      ['big', 750],
      ['small', 799.9],
    ] as const) {
      const finding = {
        code: 'PEER_OUTLIER',
        severity: 'warning',
        indicator: 'SAN_WASTE_COLLECTED',
        message: 'm',
        evidence: { value: 800, medianOfPeers: median },
      };
      await append(
        `quality-${report}`,
        'QualityFindingRaised',
        { findingId: id, subject: `quality-${report}`, report, family: `peers-${id}`, finding },
        id,
      );
    }
    const again = orderedQueue(
      await createFindingsView(store, DEFAULT_POLICY).catchUp(),
      { under: township, severity: 'warning' },
      DEFAULT_POLICY,
      new Date(clock.t),
    );
    expect(again.map((i) => [i.findingId, i.impact === null ? null : Number(i.impact.toFixed(6))])).toEqual([
      ['big', 0.05],
      ['f-2', 0.002],
      ['f-1', 0.001],
      ['small', 0.0001],
    ]);
  });

  it('folds each event once when two questions catch the view up at the same time', async () => {
    const clock = { t: Date.parse('2025-04-02T02:00:00Z') };
    const { store, append } = await logWithFindings(30, clock);
    const report = reportStreamName({ form: 'sanitation', unitCode: villageOf(0), period: '2025-03' });
    await append(report, 'ReportApproved', { byUnit: township }, 'approved');
    await append(
      report,
      'ReportCorrected',
      { values: { SAN_WASTE_COLLECTED: '90' }, reason: 'r', findingRef: 'f-0' },
      'c',
    );
    const view = createFindingsView(store, DEFAULT_POLICY);
    const [a, b] = await Promise.all([view.catchUp(), view.catchUp()]);
    expect(a).toBe(b);
    expect(a.reports.get(report)!.editsAfterApproval).toBe(1);
    expect(a.findings.get('f-0')!.steps.map((s) => s.type)).toEqual(['QualityFindingRaised', 'ReportCorrected']);
  });

  it('pages through more than 500 findings in one stable order while the log moves on', async () => {
    const clock = { t: Date.parse('2025-04-02T02:00:00Z') };
    const { store, append } = await logWithFindings(1_234, clock);
    const view = createFindingsView(store, DEFAULT_POLICY);
    const expected = orderedQueue(
      await createFindingsView(store, DEFAULT_POLICY).catchUp(),
      { under: district },
      DEFAULT_POLICY,
      new Date(clock.t),
    );
    const seen: QueueItem[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await view.queue({ under: district }, { limit: 100, cursor, now: new Date(clock.t) });
      expect(page.total).toBe(1_234);
      seen.push(...page.items);
      cursor = page.next ?? undefined;
      // Between two pages, new findings and corrections change the totals and impacts: the pages do not move.
      await append(
        reportStreamName({ form: 'sanitation', unitCode: villageOf(pages), period: '2025-03' }),
        'ReportCorrected',
        { values: { SAN_WASTE_COLLECTED: '5000' }, reason: 'r' },
        `move${pages}`,
      );
      pages++;
    } while (cursor);
    expect(pages).toBe(13);
    expect(seen.map((i) => i.findingId)).toEqual(expected.map((i) => i.findingId));
    expect(new Set(seen.map((i) => i.findingId)).size).toBe(1_234);

    // A cursor another node gave (nothing cached here) gives the same page, folded as of its position.
    const first = await view.queue({ under: district }, { limit: 100, now: new Date(clock.t) });
    const elsewhere = createFindingsView(store, DEFAULT_POLICY);
    const second = await elsewhere.queue({ under: district }, { limit: 100, cursor: first.next!, now: new Date() });
    const fresh = orderedQueue(
      await createFindingsView(store, DEFAULT_POLICY).catchUp(),
      { under: district },
      DEFAULT_POLICY,
      new Date(clock.t),
    );
    expect(second.items.map((i) => i.findingId)).toEqual(fresh.slice(100, 200).map((i) => i.findingId));
    await expect(
      elsewhere.queue({ under: district, code: 'X' }, { limit: 100, cursor: first.next!, now: new Date() }),
    ).rejects.toThrow(/another query/);
  });

  it('dates each finding by its severity, and escalates an overdue one once, not again after a restart or a second sweeper', async () => {
    const clock = { t: Date.parse('2025-04-02T02:00:00Z') };
    const { store } = await logWithFindings(2, clock);
    // Raised on 2 April, 10:00 in Beijing: an error is due at the end of 7 April (5 days), a warning of 12 April (10).
    expect(dueDateOf(DEFAULT_POLICY, 'error', '2025-04-02T02:00:01.000Z')).toBe('2025-04-07T16:00:00.000Z');
    expect(dueDateOf(DEFAULT_POLICY, 'warning', '2025-04-02T02:00:01.000Z')).toBe('2025-04-12T16:00:00.000Z');
    expect(dueDateOf(DEFAULT_POLICY, 'info', '2025-04-02T02:00:01.000Z')).toBeNull();

    const before = await escalateOverdue({
      store,
      view: createFindingsView(store, DEFAULT_POLICY),
      now: new Date('2025-04-07T15:59:59Z'),
    });
    expect(before.escalated).toEqual([]);
    const at = new Date('2025-04-08T01:00:00Z');
    const [one, two] = [createFindingsView(store, DEFAULT_POLICY), createFindingsView(store, DEFAULT_POLICY)];
    await Promise.all([one.catchUp(), two.catchUp()]);
    // Two sweepers at once, then one restarted: the error (f-0) is escalated once; the warning is not due yet.
    await Promise.all([escalateOverdue({ store, view: one, now: at }), escalateOverdue({ store, view: two, now: at })]);
    const restarted = await escalateOverdue({
      store,
      view: createFindingsView(store, DEFAULT_POLICY),
      now: new Date('2025-05-01T00:00:00Z'),
    });
    expect(restarted.escalated).toEqual([followUpStreamName('f-1')]);
    const escalations = (await store.readAll()).filter((e) => e.type === 'FindingEscalated');
    expect(escalations.map((e) => [e.stream, e.data.toUnit, e.data.dueAt])).toEqual([
      [followUpStreamName('f-0'), township, '2025-04-07T16:00:00.000Z'],
      [followUpStreamName('f-1'), township, '2025-04-12T16:00:00.000Z'],
    ]);
    const overdue = await createFindingsView(store, DEFAULT_POLICY).queue(
      { under: township, overdue: true },
      { limit: 10, now: new Date('2025-05-01T00:00:00Z') },
    );
    expect(overdue.items.map((i) => [i.findingId, i.escalatedTo])).toEqual([
      ['f-0', township],
      ['f-1', township],
    ]);
  });
});
