import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import {
  lineKey,
  periodLastDay,
  parsePeriod,
  type AssessmentScoreRecorded,
  type AssessmentState,
  type UnitCode,
} from '@statledger/domain';
import type { Figure, ReportLedger } from '@statledger/read-models';
import type { ReportFacts } from './facts.ts';
import { measureValue, type MemberInputs } from './measures.ts';
import { competitionRanks, points, scoreLine, type LineContext } from './rules.ts';
import type { Scheme, SchemeIndicator } from './scheme.ts';

export interface ScoredLine {
  indicator: string;
  group: string;
  /** The measured value (quantitative lines), or null. */
  value: number | null;
  score: number;
  /** The trail: the rule and its numbers, or the assessor's record. */
  basis: string;
  source: 'measured' | 'assessed' | 'appeal' | 'not scored';
  /** A veto item failed: the unit's total is void. */
  vetoed?: boolean;
  /** The record behind an assessed or re-scored line: who gave it, why, on what evidence. */
  record?: { reason: string; evidence: { sha256: string; description: string }[]; position?: string };
}

export interface UnitScore {
  unit: UnitCode;
  name: string | null;
  lines: ScoredLine[];
  /** Points of the scored lines, bonuses added. */
  total: number;
  vetoed: boolean;
  /** The cap that held the total down: data that fail verification cannot rank high. */
  capped: { maxTotal: number; reason: string } | null;
  grade: string;
  /** Reports of the scheme's main form: fewer than its minimum and the unit is scored but not ranked. */
  reports: number;
  rank: number | null;
  /** The ranks the unit took when its reports and recounts were resampled ({level} of them): a published rank is one of these. */
  rankInterval: [number, number] | null;
  /** Units whose intervals overlap this one's: their places are statistically tied. */
  tiedWith: UnitCode[];
}

export interface Scorecard {
  scheme: string;
  version: string;
  root: UnitCode;
  period: string;
  asOfPosition: string | null;
  units: UnitScore[];
  stability: { resamples: number; seed: number; level: number };
}

export interface ScorecardInputs {
  scheme: Scheme;
  root: UnitCode;
  period: string;
  position: string | undefined;
  members: readonly UnitCode[];
  names: (unit: UnitCode) => string | null;
  reports: readonly ReportFacts[];
  figures: ReadonlyMap<string, ReadonlyMap<UnitCode, Figure>>;
  fabricationWarnings: ReadonlyMap<UnitCode, number>;
  assessment: AssessmentState;
  ledger: Pick<ReportLedger, 'attribute'>;
}

/**
 * The scorecard of an assessment: every line of every unit scored from the measures and the assessors' records, the
 * totals with vetoes and caps, grades, ranks (ties shared) and each rank's interval under resampling.
 */
export function scorecardOf(inputs: ScorecardInputs): Scorecard {
  const { scheme } = inputs;
  const byMember = new Map<UnitCode, ReportFacts[]>(inputs.members.map((m) => [m, []]));
  for (const r of inputs.reports) byMember.get(r.member)?.push(r);
  const inputsOf = (unit: UnitCode, reports: readonly ReportFacts[]): MemberInputs => ({
    reports,
    figures: new Map([...inputs.figures].map(([form, figures]) => [form, figures.get(unit)])),
    fabricationWarnings: inputs.fabricationWarnings.get(unit) ?? 0,
  });
  const year = Number(inputs.period.slice(0, 4));
  const lastDay = periodLastDay(parsePeriod(inputs.period)).toISODate()!;
  const contextOf = (unit: UnitCode): LineContext => ({
    year,
    attribute: (name) => inputs.ledger.attribute(unit, name, lastDay),
  });

  const scoreUnit = (unit: UnitCode, reports: readonly ReportFacts[]) => {
    const measured = inputsOf(unit, reports);
    const lines = scheme.indicators.map((indicator) =>
      scoreOf(indicator, unit, measured, contextOf(unit), inputs.assessment),
    );
    return { lines, ...totalOf(scheme, lines) };
  };
  const scored = inputs.members.map((unit) => ({ unit, ...scoreUnit(unit, byMember.get(unit)!) }));
  const mainReports = (unit: UnitCode) =>
    byMember.get(unit)!.filter((r) => r.form === scheme.minimumReports.form).length;
  const rankable = scored.filter((s) => mainReports(s.unit) >= scheme.minimumReports.count);
  const ranks = new Map(rankable.map((s, i) => [s.unit, competitionRanks(rankable.map((r) => r.total))[i]!]));
  const intervals = rankIntervals(
    scheme,
    rankable.map((s) => s.unit),
    (unit, resampled) => scoreUnit(unit, resampled).total,
    byMember,
  );

  const units = scored.map(({ unit, lines, total, vetoed, capped }): UnitScore => {
    const interval = intervals.get(unit) ?? null;
    const tiedWith = interval
      ? [...intervals]
          .filter(([other, i]) => other !== unit && i[0] <= interval[1] && interval[0] <= i[1])
          .map(([other]) => other)
      : [];
    return {
      unit,
      name: inputs.names(unit),
      lines,
      total,
      vetoed,
      capped,
      grade: gradeOf(scheme, total, vetoed),
      reports: mainReports(unit),
      rank: ranks.get(unit) ?? null,
      rankInterval: interval,
      tiedWith: tiedWith.sort(),
    };
  });
  units.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.total - a.total || (a.unit < b.unit ? -1 : 1));
  return {
    scheme: scheme.code,
    version: scheme.version,
    root: inputs.root,
    period: inputs.period,
    asOfPosition: inputs.position ?? null,
    units,
    stability: scheme.stability,
  };
}

/** The latest record of a line: the assessor's score, or a re-score that decided an appeal. */
const latestRecord = (
  assessment: AssessmentState,
  unit: UnitCode,
  indicator: string,
): AssessmentScoreRecorded['data'] | undefined => assessment.records.get(lineKey(unit, indicator))?.at(-1);

function scoreOf(
  indicator: SchemeIndicator,
  unit: UnitCode,
  measured: MemberInputs,
  ctx: LineContext,
  assessment: AssessmentState,
): ScoredLine {
  const record = latestRecord(assessment, unit, indicator.code);
  const trail = record ? { record: { reason: record.reason, evidence: record.evidence } } : {};
  const base = { indicator: indicator.code, group: indicator.group };
  if (indicator.kind === 'veto') {
    const vetoed = record?.vetoed === true;
    return {
      ...base,
      value: null,
      score: 0,
      vetoed,
      basis: vetoed ? 'veto: failed' : 'veto: not failed',
      source: record ? 'assessed' : 'not scored',
      ...trail,
    };
  }
  const fromRecord = record?.score !== undefined ? Math.min(indicator.points, Number(record.score)) : undefined;
  if (indicator.kind === 'qualitative') {
    return {
      ...base,
      value: null,
      score: fromRecord ?? 0,
      basis: record ? `assessed ${record.score} of ${indicator.points}` : 'not yet assessed',
      source: record ? 'assessed' : 'not scored',
      ...trail,
    };
  }
  const value = measureValue(indicator.measure, measured);
  const line = scoreLine(indicator, value, ctx);
  // A quantitative line is re-scored only by an upheld appeal; its measured value stays on the card beside it.
  if (fromRecord !== undefined && record?.appealId)
    return {
      ...base,
      value,
      score: fromRecord,
      basis: `appeal ${record.appealId}: ${record.score} (measured: ${line.formula})`,
      source: 'appeal',
      ...trail,
    };
  return {
    ...base,
    value: value === null ? null : Math.round(value * 10_000) / 10_000,
    score: line.score,
    basis: line.formula,
    source: 'measured',
  };
}

function totalOf(scheme: Scheme, lines: ScoredLine[]) {
  const vetoed = lines.some((l) => l.vetoed);
  let total = points(lines.reduce((s, l) => s + l.score, 0));
  let capped: UnitScore['capped'] = null;
  for (const cap of scheme.caps) {
    const value = lines.find((l) => l.indicator === cap.indicator)?.value ?? null;
    if (value !== null && value > cap.above && total > cap.maxTotal) {
      total = cap.maxTotal;
      capped = { maxTotal: cap.maxTotal, reason: cap.reason };
    }
  }
  return { total: vetoed ? 0 : total, vetoed, capped };
}

function gradeOf(scheme: Scheme, total: number, vetoed: boolean): string {
  const grades = [...scheme.grades].sort((a, b) => b.min - a.min);
  return vetoed ? grades.at(-1)!.grade : (grades.find((g) => total >= g.min) ?? grades.at(-1)!).grade;
}

/**
 * Each ranked unit's interval of ranks over resamples of its own reports and recounts (drawn with replacement, the
 * same number), everything else as it is: how far a published place rests on which reports happened to be checked.
 */
function rankIntervals(
  scheme: Scheme,
  units: readonly UnitCode[],
  totalOf: (unit: UnitCode, reports: ReportFacts[]) => number,
  byMember: ReadonlyMap<UnitCode, ReportFacts[]>,
) {
  const { resamples, seed, level } = scheme.stability;
  const rng = xoroshiro128plus(seed);
  const ranksOf = new Map<UnitCode, number[]>(units.map((u) => [u, []]));
  for (let b = 0; b < resamples; b++) {
    const totals = units.map((unit) => {
      const reports = byMember.get(unit)!;
      const resampled = reports.map(() => reports[uniformInt(rng, 0, reports.length - 1)]!);
      return totalOf(unit, resampled);
    });
    competitionRanks(totals).forEach((rank, i) => ranksOf.get(units[i]!)!.push(rank));
  }
  const tail = (1 - level) / 2;
  return new Map(
    [...ranksOf].map(([unit, ranks]) => {
      const sorted = ranks.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
      return [unit, [at(tail), at(1 - tail)] as [number, number]];
    }),
  );
}
