import { asDomainEvent, parentOf, type UnitCode } from '@statledger/domain';
import { readAllPages, type EventStore } from '@statledger/event-store';
import type { FaultClass, FaultRegister } from './faults.ts';

interface RaisedFinding {
  code: string;
  severity: string;
  indicator?: string;
  evidence: Record<string, unknown>;
  open: boolean;
}

export interface ScoreRow {
  fault: FaultClass;
  injected: number;
  found: number;
  how: string;
}

export interface QualityScore {
  year: number;
  rows: ScoreRow[];
  /** Warnings and errors in the clean history years, where early months have little history of their own. */
  historyYears: Record<string, number>;
  /** Warnings and errors on reports (and districts) with no injected fault, by code. */
  falsePositives: Record<string, number>;
  /** Of those, the ones on a parent whose child carries an injected fault in the same period: echoes, not noise. */
  echoes: Record<string, number>;
}

const OUTLIER_CODES = new Set(['OUTLIER_OWN_HISTORY', 'PEER_OUTLIER', 'INCONSISTENT_OVER_TIME']);

/** Judges the quality engine against the demo's register of injected faults. */
export async function scoreQuality(
  store: EventStore,
  register: { year: number; fabricatedDistrict: string; faults: FaultRegister },
): Promise<QualityScore> {
  const bySubject = new Map<string, Map<string, RaisedFinding>>();
  for await (const page of readAllPages(store, { filter: { streamPrefixes: ['quality-'] } })) {
    for (const e of page.map(asDomainEvent)) {
      if (e?.type !== 'QualityFindingRaised' && e?.type !== 'QualityFindingResolved') continue;
      const findings = bySubject.get(e.stream) ?? bySubject.set(e.stream, new Map()).get(e.stream)!;
      if (e.type === 'QualityFindingRaised') findings.set(e.data.findingId, { ...e.data.finding, open: true });
      else findings.get(e.data.findingId)!.open = false;
    }
  }
  const of = (report: string) => [...(bySubject.get(`quality-${report}`)?.values() ?? [])];
  const count = (
    fault: FaultClass,
    test: (findings: RaisedFinding[], detail: Record<string, string | number>) => boolean,
  ) => register.faults[fault].filter((f) => test(of(f.report), f.detail ?? {})).length;

  const windows = [...bySubject.keys()].filter((s) =>
    s.startsWith(`quality-benford-sanitation-${register.fabricatedDistrict}-${register.year}`),
  );
  const flaggedWindows = windows.filter((s) =>
    [...bySubject.get(s)!.values()].some(
      (f) => f.severity === 'warning' && (f.code === 'BENFORD_NONCONFORMITY' || f.code === 'TERMINAL_DIGIT_HEAPING'),
    ),
  );
  const rows: ScoreRow[] = [
    {
      fault: 'late',
      injected: register.faults.late.length,
      found: count('late', (fs, d) =>
        fs.some((f) => f.open && f.code === 'LATE_SUBMISSION' && f.evidence.daysLate === d.daysLate),
      ),
      how: 'LATE_SUBMISSION with the injected days late',
    },
    {
      fault: 'missing',
      injected: register.faults.missing.length,
      found: count('missing', (fs) => fs.some((f) => f.open && f.code === 'REPORT_MISSING')),
      how: 'REPORT_MISSING',
    },
    {
      fault: 'wrong_unit_x1000',
      injected: register.faults.wrong_unit_x1000.length,
      found: count('wrong_unit_x1000', (fs) =>
        fs.some((f) => f.open && OUTLIER_CODES.has(f.code) && f.indicator === 'SAN_WASTE_COLLECTED'),
      ),
      how: 'an outlier finding (own history, peers or parent consistency) on SAN_WASTE_COLLECTED',
    },
    {
      fault: 'harmless_exceeds_collected',
      injected: register.faults.harmless_exceeds_collected.length,
      found: count('harmless_exceeds_collected', (fs) =>
        fs.some((f) => f.open && f.code === 'RULE_VIOLATION' && f.evidence.rule === 'SAN_HARMLESS_LE_COLLECTED'),
      ),
      how: 'RULE_VIOLATION SAN_HARMLESS_LE_COLLECTED',
    },
    {
      fault: 'source_conflict',
      injected: register.faults.source_conflict.length,
      found: count('source_conflict', (fs, d) =>
        fs.some((f) => f.open && f.code === 'SOURCE_CONFLICT' && f.indicator === d.indicator),
      ),
      how: 'SOURCE_CONFLICT on the injected indicator',
    },
    {
      fault: 'fabricated_district',
      injected: windows.length,
      found: flaggedWindows.length,
      how: `quarters of district ${register.fabricatedDistrict} flagged by BENFORD_NONCONFORMITY or TERMINAL_DIGIT_HEAPING`,
    },
    {
      fault: 'corrected_after_return',
      injected: register.faults.corrected_after_return.length,
      found: count('corrected_after_return', (fs) => fs.some((f) => !f.open && f.indicator === 'SAN_ROAD_AREA')),
      how: 'a finding on SAN_ROAD_AREA raised on the ×10 submission and resolved by the correction',
    },
  ];

  const faulty = new Set(
    Object.values(register.faults)
      .flat()
      .map((f) => f.report),
  );
  const faultyChildPeriods = new Set(
    [...faulty].map((r) => {
      const [, form, unit, ...period] = r.split('-');
      return `${form}|${parentOf(unit as UnitCode)}|${period.join('-')}`;
    }),
  );
  const falsePositives: Record<string, number> = {};
  const echoes: Record<string, number> = {};
  const historyYears: Record<string, number> = {};
  for (const [subject, findings] of bySubject) {
    const report = subject.slice('quality-'.length);
    if (
      faulty.has(report) ||
      subject.startsWith(`quality-benford-sanitation-${register.fabricatedDistrict}-${register.year}`)
    )
      continue;
    const [, form, unit, ...period] = report.split('-');
    const isEcho = faultyChildPeriods.has(`${form}|${unit}|${period.join('-')}`);
    const inHistory = !period.join('-').startsWith(String(register.year));
    for (const f of findings.values()) {
      if (!f.open || f.severity === 'info') continue;
      const target = inHistory
        ? historyYears
        : isEcho && (f.code === 'HIERARCHY_MISMATCH' || f.code === 'INCONSISTENT_OVER_TIME')
          ? echoes
          : falsePositives;
      target[f.code] = (target[f.code] ?? 0) + 1;
    }
  }
  return { year: register.year, rows, falsePositives, echoes, historyYears };
}
