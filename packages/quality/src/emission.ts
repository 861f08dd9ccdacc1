import { asDomainEvent } from '@statledger/domain';
import { canonicalJson, uuidFromName, type EventData, type JsonObject } from '@statledger/event-store';
import { findingKey, type CheckFamily, type Finding } from './finding.ts';

/** The events the quality worker writes, each in the quality stream of its subject. */
export const QUALITY_OUTPUTS = ['QualityFindingRaised', 'QualityFindingResolved'] as const;

/** Why a finding an accepted explanation silenced is resolved. */
export const CONFIRMED = 'confirmed by an accepted explanation';

export interface OpenFinding {
  findingId: string;
  family: CheckFamily;
  finding: Finding;
}

/** What a subject's quality stream holds: its recorded events, and those planned but not yet appended. */
export type QualityHistory = readonly Pick<EventData, 'type' | 'data'>[];

/** Open findings of a subject, folded from its quality stream. */
export function openFindings(events: QualityHistory): Map<string, OpenFinding> {
  const open = new Map<string, OpenFinding>();
  for (const e of events.map(asDomainEvent)) {
    if (e?.type === 'QualityFindingRaised') {
      const { findingId, family, finding } = e.data;
      open.set(findingKey(family, finding), { findingId, family, finding });
    } else if (e?.type === 'QualityFindingResolved') {
      for (const [key, f] of open) if (f.findingId === e.data.findingId) open.delete(key);
    }
  }
  return open;
}

/** Compared in canonical JSON: a finding read back from the log has its keys sorted, a fresh one in the order made. */
const same = (a: Finding, b: Finding) =>
  canonicalJson(a as unknown as JsonObject) === canonicalJson(b as unknown as JsonObject);

/**
 * What to append to a subject's quality stream so that its open findings of the re-checked families are
 * exactly the desired ones: findings no longer found, or found with other numbers, are resolved by an event
 * (never deleted); new ones are raised. Nothing changes when the stream already says it — which makes a
 * re-run after a crash append nothing twice.
 */
export function planEmission(
  subject: string,
  report: string | undefined,
  existing: QualityHistory,
  desired: Map<CheckFamily, Finding[]>,
  cause: { position: string | undefined; reason: string; confirmed?: ReadonlySet<string> | undefined },
  metadata: JsonObject,
): EventData[] {
  const open = openFindings(existing);
  const events: EventData[] = [];
  const next = () => uuidFromName(`${subject}:${existing.length + events.length}`);
  for (const [family, findings] of desired) {
    const wanted = new Map(findings.map((f) => [findingKey(family, f), f]));
    for (const [key, current] of open) {
      if (current.family !== family) continue;
      const replacement = wanted.get(key);
      if (replacement && same(replacement, current.finding)) continue;
      events.push({
        id: next(),
        type: 'QualityFindingResolved',
        data: {
          findingId: current.findingId,
          subject,
          ...(report ? { report } : {}),
          family,
          code: current.finding.code,
          reason: replacement ? 'recomputed with other figures' : cause.confirmed?.has(key) ? CONFIRMED : cause.reason,
          ...(cause.position ? { resolvedAt: cause.position } : {}),
        } as JsonObject,
        metadata,
      });
    }
    for (const [key, finding] of wanted) {
      const current = open.get(key);
      if (current && same(current.finding, finding)) continue;
      const findingId = next();
      events.push({
        id: findingId,
        type: 'QualityFindingRaised',
        data: {
          findingId,
          subject,
          ...(report ? { report } : {}),
          family,
          finding,
          ...(cause.position ? { basedOn: cause.position } : {}),
        } as unknown as JsonObject,
        metadata,
      });
    }
  }
  return events;
}
