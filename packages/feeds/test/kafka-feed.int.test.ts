import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { parseUnitCode } from '@statledger/domain';
import { spawnTs, startKafkaBroker, type KafkaBroker } from '@statledger/testing';
import {
  createDeduplicator,
  createKafkaSink,
  createMessageValidator,
  runFeedPublisher,
  type AggregateMessage,
} from '../src/index.ts';
import { consumeAll, feedFixture, valuesFor } from './fixture.ts';

const logger = pino({ level: 'silent' });
const validate = createMessageValidator();
// Six months of one district and its city: 12 aggregates.
const KEYS = 12;

describe('the aggregate feed on a real Kafka broker (infra/kafka/kafka.sh)', () => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    broker = await startKafkaBroker();
  }, 300_000);
  afterAll(async () => broker?.stop());

  it('publishes one valid message per district and city aggregate, keyed form|unit|period, and a correction after approval as a new revision marked revised', async () => {
    const topic = 'statledger.aggregates.v1.publish';
    const fx = await feedFixture();
    const publish = () =>
      runFeedPublisher({
        ...fx,
        sink: createKafkaSink({ brokers: broker.brokers, topic }),
        logger,
        validate,
        stopWhenIdle: true,
      });
    expect(await publish()).toMatchObject({ published: KEYS });
    const first = await consumeAll(broker.brokers, topic, (m) => m.length >= KEYS);
    const values = first.map((m) => JSON.parse(m.value) as AggregateMessage);
    expect(new Set(first.map((m) => m.key))).toEqual(
      new Set(
        ['110101000000', '110100000000'].flatMap((u) =>
          ['01', '02', '03', '04', '05', '06'].map((mm) => `sanitation|${u}|2025-${mm}`),
        ),
      ),
    );
    values.forEach((v) => expect(() => validate(v)).not.toThrow());
    const district = values.find((v) => v.key === 'sanitation|110101000000|2025-01')!;
    // six villages reported 100…105 t: 615 t; each village's report is one event → revision 5
    expect(district).toMatchObject({
      tier: 'district',
      revision: 5,
      status: 'provisional',
      values: { SAN_WASTE_COLLECTED: '615' },
      reports: { received: 6 },
    });

    // The township approves a village's January report, reopens it, and the village corrects it.
    const key = { form: 'sanitation', unitCode: parseUnitCode('110101001001'), period: '2025-01' };
    const approver = {
      principal: { id: 'admin', role: 'admin' as const, unit: 'national' as const },
      channel: 'api' as const,
    };
    await fx.reports.execute(key, { type: 'ApproveReport', byUnit: parseUnitCode('110101001000') }, approver);
    await fx.reports.execute(
      key,
      { type: 'ReopenReport', byUnit: parseUnitCode('110101001000'), reason: '发现录入错误' },
      approver,
    );
    await fx.reports.execute(
      key,
      { type: 'CorrectReport', values: { ...valuesFor(0), SAN_WASTE_COLLECTED: '110' }, reason: '更正' },
      approver,
    );
    await fx.project();
    expect(await publish()).toMatchObject({ published: 2 });
    const all = await consumeAll(broker.brokers, topic, (m) => m.length >= KEYS + 2);
    // Partitions interleave on the way back; per key, order holds.
    const january = all
      .filter((m) => m.key === 'sanitation|110101000000|2025-01')
      .map((m) => JSON.parse(m.value) as AggregateMessage);
    expect(january.map((v) => v.revision)).toEqual([5, 8]);
    expect(january[1]).toMatchObject({
      key: 'sanitation|110101000000|2025-01',
      revision: 8,
      status: 'revised',
      values: { SAN_WASTE_COLLECTED: '625' },
    });
    await fx.store.close();
  }, 120_000);

  it('loses nothing and re-sends identical duplicates when the publisher is killed between send and checkpoint', async () => {
    const topic = 'statledger.aggregates.v1.kill';
    const fx = await feedFixture();
    const child = spawnTs(new URL('./publisher-child.ts', import.meta.url).pathname, [
      fx.path,
      broker.brokers[0]!,
      topic,
    ]);
    const sentLine = await child.waitForLine(/^SENT /, 60_000);
    await child.kill('SIGKILL');
    const sentBeforeKill = sentLine.slice(5).split(',');
    expect(sentBeforeKill).toHaveLength(4);

    expect(
      await runFeedPublisher({
        ...fx,
        sink: createKafkaSink({ brokers: broker.brokers, topic }),
        logger,
        validate,
        stopWhenIdle: true,
      }),
    ).toMatchObject({ published: KEYS });
    const messages = await consumeAll(broker.brokers, topic, (m) => m.length >= KEYS + 4);
    expect(messages).toHaveLength(KEYS + 4);
    // Each key sent before the kill arrives twice, byte for byte the same; a consumer keeping the highest revision per key drops the second.
    for (const key of sentBeforeKill) {
      const copies = messages.filter((m) => m.key === key);
      expect(copies).toHaveLength(2);
      expect(copies[0]!.value).toBe(copies[1]!.value);
    }
    const dedupe = createDeduplicator();
    const verdicts = messages.map((m) => dedupe.accept(m.key, (JSON.parse(m.value) as AggregateMessage).revision));
    expect(verdicts.filter((v) => v === 'new')).toHaveLength(KEYS);
    expect(verdicts.filter((v) => v === 'duplicate')).toHaveLength(4);
    await fx.store.close();
  }, 120_000);

  it('keeps retrying while the broker is down, keeps its progress, and catches up when it returns', async () => {
    const topic = 'statledger.aggregates.v1.outage';
    const fx = await feedFixture();
    const controller = new AbortController();
    const warnings: string[] = [];
    const watchingLogger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const running = runFeedPublisher({
      ...fx,
      sink: createKafkaSink({ brokers: broker.brokers, topic, requestTimeoutMs: 1_000 }),
      logger: watchingLogger,
      validate,
      signal: controller.signal,
      pollIntervalMs: 50,
      backoff: { initialMs: 100, maxMs: 1_000 },
    });
    await consumeAll(broker.brokers, topic, (m) => m.length >= KEYS);

    await broker.stop();
    // Reports keep arriving while the broker is away: a new month.
    for (const [i, unitCode] of ['110101001001', '110101001002'].map(parseUnitCode).entries()) {
      const key = { form: 'sanitation', unitCode, period: '2025-07' };
      await fx.reports.execute(
        key,
        { type: 'SubmitReport', ...key, values: valuesFor(i) },
        { principal: { id: 'admin', role: 'admin', unit: 'national' }, channel: 'api' },
      );
    }
    await fx.project();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(warnings.some((w) => w.includes('the feed sink did not accept the batch'))).toBe(true);

    await broker.start();
    const messages = await consumeAll(
      broker.brokers,
      topic,
      (m) => new Set(m.map((x) => x.key)).size >= KEYS + 2,
      60_000,
    );
    controller.abort();
    const progress = await running;
    expect(progress.failures).toBeGreaterThan(0);
    expect(new Set(messages.map((m) => m.key)).size).toBe(KEYS + 2);
    expect(JSON.parse(messages.find((m) => m.key === 'sanitation|110101000000|2025-07')!.value)).toMatchObject({
      revision: 1,
      reports: { received: 2 },
    });
    await fx.store.close();
  }, 180_000);
});
