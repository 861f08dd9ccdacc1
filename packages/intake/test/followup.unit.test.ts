import { describe, expect, it } from 'vitest';
import { reportStreamName, type UnitCode } from '@statledger/domain';
import { DEFAULT_SOURCE_REGISTRY, loadFormCatalogue } from '@statledger/form-catalogue';
import { createFindingsView, DEFAULT_POLICY, type FollowUpCommand } from '@statledger/followup';
import { CONFIRMED, loadSourceRegistry, runQualityWorker } from '@statledger/quality';
import { createFollowUpService, type Principal } from '../src/index.ts';
import { admin, intakeWithUnits, sanitationValues } from './fixtures.ts';

const catalogue = loadFormCatalogue();
const sources = loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, catalogue);
const village = '110101001001' as UnitCode;
const who = (id: string, role: Principal['role'], unit: string): Principal => ({ id, role, unit: unit as UnitCode });
const villageReporter = who('village-reporter', 'reporter', village);
const neighbour = who('neighbour-reporter', 'reporter', '110101001002');
const townApprover = who('town-approver', 'approver', '110101001000');
const villageApprover = who('village-approver', 'approver', village);
const districtAuditor = who('district-auditor', 'auditor', '110101000000');
const cityBureau = who('city-bureau', 'bureau', '110100000000');
const principals = [villageReporter, neighbour, townApprover, villageApprover, districtAuditor, cityBureau, admin];

/** A village's report with 60,000 t of construction waste, beyond what a village reports (50,000): an error. */
async function ledgerWithFinding() {
  const { store, reports } = await intakeWithUnits();
  const view = createFindingsView(store, DEFAULT_POLICY);
  const followUp = createFollowUpService({ store, view, principalById: (id) => principals.find((p) => p.id === id) });
  const check = () =>
    runQualityWorker({ store, checkpoints: store.checkpoints, catalogue, sources, stopWhenCaughtUp: true });
  const submit = (period: string, waste: string) =>
    reports.execute(
      { form: 'sanitation', unitCode: village, period },
      {
        type: 'SubmitReport',
        form: 'sanitation',
        unitCode: village,
        period,
        values: { ...sanitationValues, SAN_CONSTRUCTION_WASTE: waste },
      },
      { principal: admin, channel: 'api' },
    );
  const implausible = async (period: string) =>
    (await store.readStream(`quality-${reportStreamName({ form: 'sanitation', unitCode: village, period })}`)).filter(
      (e) => e.type === 'QualityFindingRaised' && (e.data.finding as { code: string }).code === 'IMPLAUSIBLE_VALUE',
    );
  await submit('2025-03', '60000');
  await check();
  const findingId = String((await implausible('2025-03'))[0]!.data.findingId);
  const act = (principal: Principal, command: FollowUpCommand, id = findingId) =>
    followUp.execute(id, command, { principal, channel: 'api' }).then(
      () => 'done',
      (error: Error) => `${error.constructor.name}`,
    );
  return { store, reports, view, findingId, act, check, submit, implausible };
}

const explain: FollowUpCommand = {
  type: 'Explain',
  explanation: '三月拆迁工程集中清运建筑垃圾',
  evidence: [{ sha256: 'a'.repeat(64), description: '清运合同' }],
};

describe('follow-up of a finding, step by step and role by role', () => {
  it('lets each step be taken only by whom it belongs to, and only from the states that allow it', async () => {
    const { store, findingId, act } = await ledgerWithFinding();
    const steps: [Principal, FollowUpCommand, string][] = [
      [townApprover, { type: 'Accept', scope: 'value' }, 'IllegalFollowUpError'],
      [neighbour, explain, 'NotFoundError'],
      [townApprover, explain, 'ForbiddenError'],
      [cityBureau, explain, 'ForbiddenError'],
      [villageReporter, explain, 'done'],
      [villageReporter, { type: 'Accept', scope: 'value' }, 'ForbiddenError'],
      [cityBureau, { type: 'Accept', scope: 'value' }, 'ForbiddenError'],
      [villageApprover, { type: 'Accept', scope: 'value' }, 'ForbiddenError'],
      [villageReporter, { type: 'Assign', assignee: villageReporter.id }, 'ForbiddenError'],
      [townApprover, { type: 'Assign', assignee: 'nobody' }, 'RequestValidationError'],
      [townApprover, { type: 'Assign', assignee: neighbour.id }, 'RequestValidationError'],
      [townApprover, { type: 'Assign', assignee: villageReporter.id }, 'done'],
      [villageReporter, { type: 'Escalate', reason: '无法按期核实' }, 'ForbiddenError'],
      [districtAuditor, { type: 'Escalate', reason: '逾期未核实' }, 'done'],
      [districtAuditor, { type: 'Escalate', reason: '再次上报' }, 'IllegalFollowUpError'],
      [districtAuditor, { type: 'Reject', reason: '清运记录与磅单不符' }, 'done'],
      [villageReporter, explain, 'done'],
      [townApprover, { type: 'Accept', scope: 'value', note: '核对合同属实' }, 'done'],
      [villageReporter, explain, 'IllegalFollowUpError'],
      [villageReporter, { type: 'Reopen', reason: '再看看' }, 'ForbiddenError'],
      [townApprover, { type: 'Reopen', reason: '复核发现磅单缺失' }, 'done'],
      [admin, { type: 'Accept', scope: 'value' }, 'IllegalFollowUpError'],
    ];
    const outcomes = [];
    for (const [principal, command] of steps) outcomes.push(await act(principal, command));
    expect(outcomes.map((o, i) => `${steps[i]![0].id} ${steps[i]![1].type}: ${o}`)).toEqual(
      steps.map(([p, c, expected]) => `${p.id} ${c.type}: ${expected}`),
    );

    const followUp = await store.readStream(`followup-${findingId}`);
    expect(followUp.map((e) => e.type)).toEqual([
      'FindingExplained',
      'FindingAssigned',
      'FindingEscalated',
      'FindingExplanationRejected',
      'FindingExplained',
      'FindingExplanationAccepted',
      'FindingReopened',
    ]);
    expect(followUp[2]!.data).toMatchObject({ toUnit: '110101001000' });
    // The rejection sent the report back to the village, in the same transaction.
    const report = await store.readStream(
      reportStreamName({ form: 'sanitation', unitCode: village, period: '2025-03' }),
    );
    expect(report.at(-1)).toMatchObject({
      type: 'ReportReturned',
      data: { byUnit: '110101001000' },
      metadata: { principal: 'district-auditor' },
    });
    expect(String(report.at(-1)!.data.comment)).toContain('清运记录与磅单不符');
  });

  it('answers a retried step with its first result and appends nothing twice', async () => {
    const { store, findingId, view } = await ledgerWithFinding();
    const followUp = createFollowUpService({ store, view });
    const ctx = { principal: villageReporter, channel: 'api' as const, idempotencyKey: 'explain-1' };
    const first = await followUp.execute(findingId, explain, ctx);
    const again = await followUp.execute(findingId, explain, ctx);
    expect([first.replayed, again.replayed, again.events[0]!.id]).toEqual([false, true, first.events[0]!.id]);
    expect(await store.readStream(`followup-${findingId}`)).toHaveLength(1);
  });

  it('remembers an accepted explanation: the same value is not flagged again, another value is', async () => {
    const { store, reports, findingId, act, check, implausible } = await ledgerWithFinding();
    await act(villageReporter, explain);
    await act(townApprover, { type: 'Accept', scope: 'value' });
    await check();
    const quality = await store.readStream(
      `quality-${reportStreamName({ form: 'sanitation', unitCode: village, period: '2025-03' })}`,
    );
    expect(quality.at(-1)).toMatchObject({ type: 'QualityFindingResolved', data: { findingId, reason: CONFIRMED } });

    // A correction of another figure: the confirmed 60,000 t is checked again, and not flagged.
    const key = { form: 'sanitation', unitCode: village, period: '2025-03' };
    const correct = async (values: Record<string, string>) => {
      const { state } = await reports.load(key);
      if (state.status === 'returned' || state.status === 'submitted')
        await reports.execute(
          key,
          { type: 'CorrectReport', values, reason: '更正' },
          { principal: admin, channel: 'api' },
        );
    };
    await correct({ ...sanitationValues, SAN_CONSTRUCTION_WASTE: '60000', SAN_CLEANERS: '43' });
    await check();
    expect(await implausible('2025-03')).toHaveLength(1);
    // Another value is a new question.
    await correct({ ...sanitationValues, SAN_CONSTRUCTION_WASTE: '61000', SAN_CLEANERS: '43' });
    await check();
    expect(await implausible('2025-03')).toHaveLength(2);
  });

  it('remembers a structural difference in later periods while the value stays within 20 % of the accepted one', async () => {
    const { store, act, check, submit, implausible } = await ledgerWithFinding();
    await act(villageReporter, { ...explain, explanation: '辖区内新建建筑垃圾消纳场，长期如此' });
    await act(townApprover, { type: 'Accept', scope: 'structural' });
    await check();
    await submit('2025-04', '57000'); // within 20 % of 60,000
    await submit('2025-05', '90000'); // not
    await check();
    expect([(await implausible('2025-04')).length, (await implausible('2025-05')).length]).toEqual([0, 1]);
    expect(
      (await store.readAll()).some((e) => e.type === 'FindingExplanationAccepted' && e.data.scope === 'structural'),
    ).toBe(true);
  });
});
