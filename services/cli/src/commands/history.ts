import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { asDomainEvent, STATISTICAL_ZONE } from '@statledger/domain';
import { displayPosition } from '@statledger/event-store';
import { reportKeyFromStream } from '@statledger/intake';
import { createAuditService, createReportTimeline, integrityLine, verificationFactor } from '@statledger/audit';
import { cliPrincipal } from '../cli-principal.ts';
import { say } from '../output.ts';
import { withRuntime } from '../runtime.ts';

export function registerHistory(program: Command): void {
  program
    .command('history <reportId>')
    .description("a report's whole life in order: who did what, when (Asia/Shanghai) and at which log position")
    .option('--store <url>', 'event store')
    .option('--as <principal>', 'act as this principal of the principals file')
    .option('--json', 'print the events as JSON lines')
    .action(async (reportId: string, options: { store?: string; as?: string; json?: boolean }) => {
      return await withRuntime({ store: options.store }, async (runtime) => {
        const key = reportKeyFromStream(reportId);
        const audits = createAuditService(runtime);
        const { events, integrity } = await createReportTimeline({ ...runtime, audits })(key, cliPrincipal(options.as));
        // The log stores canonical (sorted) JSON; people read indicators in the form's order.
        const indicatorOrder = runtime.catalogue.get(key.form).indicators.map((i) => i.code);
        for (const e of events) {
          if (options.json) {
            say(JSON.stringify({ ...e, revision: Number(e.revision) }));
            continue;
          }
          const at = DateTime.fromISO(e.recordedAt).setZone(STATISTICAL_ZONE).toFormat('yyyy-LL-dd HH:mm:ss');
          const detail = summarize(e, indicatorOrder);
          const label = e.source === 'report' ? `#${e.revision}` : e.source;
          say(
            `${label.padEnd(7)} pos ${displayPosition(e.position).padStart(8)}  ${at}  ${e.type.padEnd(21)} by ${String(e.metadata.principal)} via ${String(e.metadata.channel)}${detail ? `  ${detail}` : ''}`,
          );
        }
        const statement = integrityLine(integrity, displayPosition);
        if (options.json) say(JSON.stringify({ integrity: { ...integrity, statement } }));
        else say(statement);
        if (!integrity.ok) process.exitCode = 1;
      });
    });
}

function summarize(recorded: { type: string; data: unknown }, order: string[]): string {
  const e = asDomainEvent(recorded);
  switch (e?.type) {
    case 'QualityFindingRaised': {
      const { severity, code, indicator, message } = e.data.finding;
      return `${severity} ${code}${indicator ? ` on ${indicator}` : ''}${message ? `: ${message}` : ''}`;
    }
    case 'QualityFindingResolved':
      return `${e.data.code} resolved (${e.data.reason})`;
    case 'AuditFindingRecorded': {
      const { findingId, inspector, inspectedAt, evidence } = e.data;
      const recounts = e.data.recounts.map((r) => {
        const { vf } = verificationFactor(r.reported, r.recounted);
        return `${r.indicator} reported ${r.reported} recounted ${r.recounted} VF ${vf ?? '-'}`;
      });
      const documents = evidence.map((d) => d.sha256.slice(0, 12)).join(', ') || 'none';
      return `${findingId} by inspector ${inspector} at ${inspectedAt}: ${recounts.join('; ')}; evidence ${documents}`;
    }
    case 'ReportSubmitted':
    case 'ReportCorrected': {
      const values = Object.entries(e.data.values)
        .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      if (e.type === 'ReportSubmitted') return values;
      const ref = e.data.findingRef ? `finding ${e.data.findingRef} ` : '';
      return `reason "${e.data.reason}" ${ref}${values}`;
    }
  }
  const data = recorded.data as { comment?: unknown; reason?: unknown };
  if (data.comment) return `comment "${String(data.comment)}"`;
  if (data.reason) return `reason "${String(data.reason)}"`;
  return '';
}
