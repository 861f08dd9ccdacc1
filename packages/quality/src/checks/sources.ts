import type { IndicatorValues, Source } from '@statledger/domain';
import { round, type Finding } from '../finding.ts';
import type { SourceRegistry } from '../source-registry.ts';

export interface SourceStatement {
  source: Source;
  values: IndicatorValues;
}

const label = (s: Source) => (s.id ? `${s.type} ${s.id}` : s.type);

/**
 * 数出一家: every value another source states for this unit and period, against the report's; beyond the
 * registry's tolerance it is a SOURCE_CONFLICT naming both sources and both values. A denominator the
 * authoritative source has not stated is reported as unconfirmed.
 */
export function checkSources(
  form: string,
  report: SourceStatement,
  others: readonly SourceStatement[],
  registry: SourceRegistry,
): Finding[] {
  const findings: Finding[] = [];
  for (const other of others) {
    for (const [indicator, stated] of Object.entries(other.values)) {
      const reported = report.values[indicator];
      if (reported === undefined) continue;
      const rule = registry.rule(form, indicator);
      const a = Number(reported);
      const b = Number(stated);
      const difference = Math.abs(a - b);
      const relative = difference / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
      if (difference <= rule.tolerance.absolute || relative <= rule.tolerance.relative) continue;
      const authoritative =
        other.source.type === rule.authoritative
          ? other.source
          : report.source.type === rule.authoritative
            ? report.source
            : null;
      findings.push({
        code: 'SOURCE_CONFLICT',
        severity: 'warning',
        indicator,
        message: `${indicator}: the report (${label(report.source)}) says ${reported}, ${label(other.source)} says ${stated} (${round(relative * 100, 2)} % apart); ${authoritative ? `${label(authoritative)} is authoritative` : `neither is the authoritative source (${rule.authoritative})`}`,
        evidence: {
          sources: [
            { source: label(report.source), value: reported },
            { source: label(other.source), value: stated },
          ],
          difference: round(difference, 6),
          relative: round(relative, 6),
          tolerance: rule.tolerance,
          authoritative: rule.authoritative,
          formula:
            'relative = |a − b| / max(|a|, |b|); conflict when |a − b| > absolute and relative > relative tolerance',
        },
      });
    }
  }
  for (const indicator of registry.denominators(form)) {
    const rule = registry.rule(form, indicator);
    if (report.values[indicator] === undefined || report.source.type === rule.authoritative) continue;
    if (others.some((o) => o.source.type === rule.authoritative && o.values[indicator] !== undefined)) continue;
    findings.push({
      code: 'DENOMINATOR_UNCONFIRMED',
      severity: 'info',
      indicator,
      message: `${indicator} is a denominator taken only from the ${rule.authoritative}, which has not stated it for this unit and period yet`,
      evidence: { reportedBy: label(report.source), authoritative: rule.authoritative },
    });
  }
  return findings;
}
