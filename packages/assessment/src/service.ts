import { createHash, randomUUID } from 'node:crypto';
import {
  DomainError,
  assertPublishable,
  assessmentEventSchema,
  assessmentStreamName,
  decideAppeal,
  evolveAssessment,
  formatPeriod,
  initialAssessmentState,
  parentOf,
  parsePeriod,
  samePeriodLastYear,
  tierOf,
  type AssessmentEvent,
  type AssessmentKey,
  type AssessmentPublished,
  type AssessmentScoreRecorded,
  type FormCatalogue,
  type UnitCode,
} from '@statledger/domain';
import { canonicalJson, uuidFromName, type EventStore, type JsonObject } from '@statledger/event-store';
import { statisticsOf, type DenominatorSource, type Figure } from '@statledger/read-models';
import { foldFacts, type AsOf } from './facts.ts';
import { scorecardOf, type Scorecard, type UnitScore } from './scorecard.ts';
import type { Scheme, SchemeCatalogue } from './scheme.ts';

export interface AssessmentDeps {
  store: EventStore;
  catalogue: FormCatalogue;
  isDenominatorSource: DenominatorSource;
  schemes: SchemeCatalogue;
}

/** Who acts, for the events' metadata (roles and subtrees are checked by the caller, as for every command). */
export interface Actor {
  principal: string;
  channel: 'api' | 'cli' | 'system';
  correlationId?: string;
  /** The same key again appends nothing: the command is answered as the retry it is. */
  idempotencyKey?: string;
}

/** A scorecard with, per unit, where it stood in the last published notice of the period before. */
export interface ScorecardWithChange extends Omit<Scorecard, 'units'> {
  units: (UnitScore & { previous: { rank: number | null; total: number } | null })[];
}

export const contentHashOf = (notice: unknown) =>
  createHash('sha256')
    .update(canonicalJson(notice as JsonObject))
    .digest('hex');

export function createAssessmentService(deps: AssessmentDeps) {
  const schemeOf = (key: AssessmentKey): Scheme => {
    const scheme = deps.schemes.get(key.scheme);
    const period = parsePeriod(key.period);
    if (period.type !== scheme.periodType)
      throw new DomainError('INVALID_PERIOD', `${scheme.code} assesses a ${scheme.periodType}, not '${key.period}'`);
    if (tierOf(key.root) !== scheme.population.root)
      throw new DomainError(
        'INVALID_ROOT',
        `${scheme.code} assesses the ${scheme.population.tier}s of a ${scheme.population.root}; ${key.root} is a ${tierOf(key.root)}`,
      );
    return scheme;
  };

  const stateOf = async (key: AssessmentKey) => {
    const events = await deps.store.readStream(assessmentStreamName(key));
    const state = events.reduce(
      (s, e) => evolveAssessment(s, assessmentEventSchema.parse({ type: e.type, data: e.data })),
      initialAssessmentState(),
    );
    return { state, revision: events.length ? events.at(-1)!.revision : null };
  };

  /** The scorecard as the log stood at `asOf` (now when omitted), with each unit's place in the previous notice. */
  async function scorecard(key: AssessmentKey, asOf?: AsOf): Promise<ScorecardWithChange> {
    const scheme = schemeOf(key);
    const facts = await foldFacts(
      deps.store,
      deps.catalogue,
      deps.isDenominatorSource,
      key,
      scheme.population.tier,
      asOf,
    );
    const forms = [...new Set(scheme.indicators.flatMap((i) => (i.kind === 'quantitative' ? [i.measure.form] : [])))];
    const figures = new Map(
      forms.map((form) => {
        const stats = statisticsOf(
          facts.ledger,
          deps.catalogue,
          deps.isDenominatorSource,
          { form, unit: key.root, period: key.period },
          { position: facts.position ?? null, instant: null },
        );
        return [form, new Map<UnitCode, Figure>(stats.children.map((f) => [f.unit, f]))] as const;
      }),
    );
    const members = facts.ledger
      .units()
      .filter((u) => parentOf(u) === key.root && tierOf(u) === scheme.population.tier)
      .sort();
    const card = scorecardOf({
      scheme,
      root: key.root,
      period: key.period,
      position: facts.position,
      members,
      names: (unit) => facts.names.get(unit) ?? null,
      reports: [...facts.reports.values()],
      figures,
      fabricationWarnings: facts.fabricationWarnings,
      assessment: facts.assessment,
      ledger: facts.ledger,
    });
    const previous = await previousNotice(key, facts.position);
    const before = new Map((previous?.units ?? []).map((u) => [u.unit, { rank: u.rank, total: u.total }]));
    return { ...card, units: card.units.map((u) => ({ ...u, previous: before.get(u.unit) ?? null })) };
  }

  /** The last notice published for the period before (a year earlier), as it stood at `upTo`. */
  async function previousNotice(key: AssessmentKey, upTo: string | undefined): Promise<Scorecard | undefined> {
    const earlier = { ...key, period: formatPeriod(samePeriodLastYear(parsePeriod(key.period))) };
    const events = await deps.store.readStream(assessmentStreamName(earlier));
    const notice = events
      .filter((e) => e.type === 'AssessmentPublished' && (upTo === undefined || e.position <= upTo))
      .at(-1);
    return notice ? ((notice.data as AssessmentPublished['data']).notice as unknown as Scorecard) : undefined;
  }

  async function append(key: AssessmentKey, events: AssessmentEvent[], actor: Actor, revision: bigint | null) {
    const metadata: JsonObject = {
      principal: actor.principal,
      channel: actor.channel,
      correlationId: actor.correlationId ?? randomUUID(),
    };
    const result = await deps.store.appendToStream(
      assessmentStreamName(key),
      events.map((e, i) => ({
        id: actor.idempotencyKey
          ? uuidFromName(`${assessmentStreamName(key)}:${actor.principal}:${actor.idempotencyKey}:${i}`)
          : randomUUID(),
        type: e.type,
        data: e.data as unknown as JsonObject,
        metadata,
      })),
      { expectedRevision: revision ?? 'no_stream' },
    );
    return {
      stream: result.stream,
      position: result.position,
      revision: Number(result.nextExpectedRevision),
      appended: result.appended,
    };
  }

  /** The line a record, appeal or re-score is for: an indicator of the scheme and a unit it assesses. */
  const lineOf = (key: AssessmentKey, unit: UnitCode, code: string) => {
    const scheme = schemeOf(key);
    const indicator = scheme.indicators.find((i) => i.code === code);
    if (!indicator) throw new DomainError('UNKNOWN_INDICATOR', `${scheme.code} has no indicator ${code}`);
    if (parentOf(unit) !== key.root || tierOf(unit) !== scheme.population.tier)
      throw new DomainError('NOT_ASSESSED', `${unit} is not one of the ${scheme.population.tier}s of ${key.root}`);
    return indicator;
  };

  /** Checks a score against its line: points within the line's, veto items a yes or no, quantitative lines only on appeal. */
  const checkScore = (
    key: AssessmentKey,
    record: Omit<AssessmentScoreRecorded['data'], keyof AssessmentKey>,
    appeal: boolean,
  ) => {
    const indicator = lineOf(key, record.unit, record.indicator);
    if (indicator.kind === 'veto') {
      if (record.vetoed === undefined || record.score !== undefined)
        throw new DomainError(
          'VETO_IS_YES_OR_NO',
          `${indicator.code} is a veto item: record vetoed true or false, no score`,
        );
      return;
    }
    if (indicator.kind === 'quantitative' && !appeal)
      throw new DomainError(
        'MEASURED_LINE',
        `${indicator.code} is measured from the ledger; it is re-scored only by deciding an appeal`,
      );
    const score = Number(record.score);
    if (record.score === undefined || !(score >= 0 && score <= indicator.points))
      throw new DomainError('SCORE_OUT_OF_RANGE', `${indicator.code} scores 0 to ${indicator.points}`);
  };

  return {
    scorecard,
    async record(
      key: AssessmentKey,
      record: Omit<AssessmentScoreRecorded['data'], keyof AssessmentKey | 'appealId'>,
      actor: Actor,
    ) {
      checkScore(key, record, false);
      const { revision } = await stateOf(key);
      return append(key, [{ type: 'AssessmentScoreRecorded', data: { ...key, ...record } }], actor, revision);
    },
    async appeal(key: AssessmentKey, appeal: { unit: UnitCode; indicator: string; reason: string }, actor: Actor) {
      lineOf(key, appeal.unit, appeal.indicator);
      const { revision } = await stateOf(key);
      const appealId = `appeal-${(actor.idempotencyKey ? uuidFromName(`${assessmentStreamName(key)}:appeal:${actor.principal}:${actor.idempotencyKey}`) : randomUUID()).slice(0, 8)}`;
      return {
        appealId,
        ...(await append(
          key,
          [{ type: 'AssessmentScoreAppealed', data: { ...key, appealId, ...appeal } }],
          actor,
          revision,
        )),
      };
    },
    async decide(
      key: AssessmentKey,
      appealId: string,
      decision: 'upheld' | 'rejected',
      reason: string,
      rescore: { score: string; evidence: AssessmentScoreRecorded['data']['evidence']; reason: string } | undefined,
      actor: Actor,
    ) {
      const { state, revision } = await stateOf(key);
      const appeal = state.appeals.get(appealId);
      const record =
        appeal && rescore ? { ...key, unit: appeal.unit, indicator: appeal.indicator, ...rescore } : undefined;
      if (record) checkScore(key, record, true);
      return append(key, decideAppeal(state, appealId, decision, reason, record), actor, revision);
    },
    /** Freezes the scorecard as it stands: the notice and its content hash go into the log. */
    async publish(key: AssessmentKey, actor: Actor) {
      const { state, revision } = await stateOf(key);
      assertPublishable(state);
      const notice = await scorecard(key);
      const contentHash = contentHashOf(notice);
      const data = {
        ...key,
        asOfPosition: notice.asOfPosition ?? '',
        contentHash,
        notice: notice as unknown as Record<string, unknown>,
      };
      const result = await append(key, [{ type: 'AssessmentPublished', data }], actor, revision);
      // A retried publication names the notice published the first time.
      return { ...result, contentHash: result.appended ? contentHash : state.published.at(-1)!.contentHash };
    },
    /** Each notice of the assessment: its content still hashes to what was recorded, and the log as it stood then gives it again. */
    async verify(key: AssessmentKey) {
      const { state } = await stateOf(key);
      const results = [];
      for (const published of state.published) {
        const again = await scorecard(key, { position: published.asOfPosition });
        results.push({
          asOfPosition: published.asOfPosition,
          contentHash: published.contentHash,
          intact: contentHashOf(published.notice) === published.contentHash,
          reproduced: contentHashOf(again) === published.contentHash,
        });
      }
      return results;
    },
    async notices(key: AssessmentKey) {
      return (await stateOf(key)).state.published;
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
