import type { QualitySummary, UnitQuality } from '@statledger/quality';
import { say } from './output.ts';

const pct = (x: number | null) => (x === null ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);
const counts = (u: UnitQuality) =>
  Object.entries(u.findings)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([code, c]) =>
        `${code} ${[c.error && `${c.error}E`, c.warning && `${c.warning}W`, c.info && `${c.info}I`].filter(Boolean).join('/')}`,
    )
    .join(', ');

/** The quality summary as a statistician reads it on a terminal. */
export function printSummary(summary: QualitySummary): void {
  say(`quality of ${summary.unit}${summary.name ? ` ${summary.name}` : ''}, ${summary.period}`);
  for (const f of summary.forms) {
    const s = f.subtree;
    const d = f.directChildren;
    say(
      `\n${f.form}: expected ${s.rates.expected}, received ${s.rates.received}, on time ${s.rates.onTime} — completeness ${pct(s.rates.completeness)}, timeliness ${pct(s.rates.timeliness)} (whole subtree)`,
    );
    if (d.expected)
      say(
        `  direct child units: expected ${d.expected}, received ${d.received}, on time ${d.onTime} — completeness ${pct(d.completeness)}, timeliness ${pct(d.timeliness)}`,
      );
    if (f.own) {
      say(`  own report ${f.own.reportId}: ${f.own.status}${f.own.onTime === false ? ', late' : ''}`);
      for (const finding of f.own.findings)
        say(
          `    ${finding.severity.padEnd(7)} ${finding.code}${finding.indicator ? ` ${finding.indicator}` : ''}: ${finding.message}`,
        );
    }
    if (Object.keys(s.findings).length)
      say(`  open findings in the subtree (E error, W warning, I info): ${counts(s)}`);
    if (f.children.length) {
      say(`  ${'child unit'.padEnd(34)} expected received completeness timeliness  findings`);
      for (const c of f.children) {
        say(
          `  ${`${c.unit} ${c.name ?? ''}`.padEnd(34)} ${String(c.rates.expected).padStart(8)} ${String(c.rates.received).padStart(8)} ${pct(c.rates.completeness).padStart(12)} ${pct(c.rates.timeliness).padStart(10)}  ${counts(c)}`,
        );
      }
    }
    for (const screen of f.digitScreens)
      for (const finding of screen.findings)
        say(`  ${finding.severity.padEnd(7)} ${finding.code} ${finding.indicator ?? ''}: ${finding.message}`);
    if (f.flagged.length)
      say(
        `  ${f.flagged.length} report(s) flagged for their approvers (error-level findings), e.g. ${f.flagged
          .slice(0, 3)
          .map((r) => `${r.reportId} [${r.codes.join(', ')}]`)
          .join('; ')}`,
      );
  }
}
