import { describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '@statledger/event-store';
import { IllegalReportTransitionError, parseUnitCode } from '@statledger/domain';
import { ForbiddenError, IdempotencyKeyReusedError, NotFoundError } from '../src/index.ts';
import { approver, intakeWithUnits, reporter, sanitationValues } from './fixtures.ts';

const village = parseUnitCode('110101001001');
const key = { form: 'sanitation', unitCode: village, period: '2025-03' };
const submit = { type: 'SubmitReport' as const, ...key, values: sanitationValues };

describe('report service', () => {
  it('appends a submission with who, through which channel and under which form version', async () => {
    const { store, reports } = await intakeWithUnits();
    const result = await reports.execute(key, submit, { principal: reporter, channel: 'api', correlationId: 'c-1' });
    expect(result).toMatchObject({ stream: 'report-sanitation-110101001001-2025-03', revision: 0n, replayed: false });
    const [event] = await store.readStream(result.stream);
    expect(event!.metadata).toMatchObject({
      principal: 'rep-dongcheng',
      channel: 'api',
      correlationId: 'c-1',
      formVersion: '1.2.0',
    });
  });

  it('answers a retry with the same Idempotency-Key with the first result and appends nothing', async () => {
    const { store, reports } = await intakeWithUnits();
    const ctx = { principal: reporter, channel: 'api' as const, idempotencyKey: 'k-1' };
    const first = await reports.execute(key, submit, ctx);
    const before = (await store.readAll()).length;
    const retry = await reports.execute(key, submit, ctx);
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await store.readAll()).toHaveLength(before);
  });

  it('refuses the same Idempotency-Key for a different request', async () => {
    const { reports } = await intakeWithUnits();
    const ctx = { principal: reporter, channel: 'api' as const, idempotencyKey: 'k-2' };
    await reports.execute(key, submit, ctx);
    await expect(
      reports.execute(key, { ...submit, values: { ...sanitationValues, SAN_CLEANERS: '43' } }, ctx),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('gives a stale writer a conflict, never a silent overwrite', async () => {
    const { reports } = await intakeWithUnits();
    await reports.execute(key, submit, { principal: reporter, channel: 'api' });
    const correct = {
      type: 'CorrectReport' as const,
      values: { ...sanitationValues, SAN_CLEANERS: '44' },
      reason: '更正',
    };
    await reports.execute(key, correct, { principal: reporter, channel: 'api', expectedRevision: 0n });
    await expect(
      reports.execute(key, correct, { principal: reporter, channel: 'api', expectedRevision: 0n }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('keeps a reporter inside its subtree and an approver to its role', async () => {
    const { store, reports } = await intakeWithUnits();
    const elsewhere = { ...key, unitCode: parseUnitCode('110102001001') };
    await expect(
      reports.execute(elsewhere, { ...submit, ...elsewhere }, { principal: reporter, channel: 'api' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(reports.execute(key, submit, { principal: approver, channel: 'api' })).rejects.toThrow(
      /a approver may not submit|may not submit/,
    );
    expect(await store.readAll({ filter: { streamPrefixes: ['report-'] } })).toEqual([]);
  });

  it('lets the parent township approve, and refuses a second submission', async () => {
    const { reports } = await intakeWithUnits();
    await reports.execute(key, submit, { principal: reporter, channel: 'api' });
    const approved = await reports.execute(
      key,
      { type: 'ApproveReport', byUnit: reports.actingUnit(approver, key) },
      { principal: approver, channel: 'api' },
    );
    expect(approved.events.map((e) => e.type)).toEqual(['ReportApproved']);
    await expect(reports.execute(key, submit, { principal: reporter, channel: 'api' })).rejects.toBeInstanceOf(
      IllegalReportTransitionError,
    );
  });

  it('refuses a report for a unit the registry does not hold, saying how to add it', async () => {
    const { reports } = await intakeWithUnits();
    const unknown = { ...key, unitCode: parseUnitCode('110101001099') };
    await expect(
      reports.execute(unknown, { ...submit, ...unknown }, { principal: reporter, channel: 'api' }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      reports.execute(unknown, { ...submit, ...unknown }, { principal: reporter, channel: 'api' }),
    ).rejects.toThrow(/units import/);
  });
});
