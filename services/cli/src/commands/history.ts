import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { STATISTICAL_ZONE } from '@statledger/domain';
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
          const detail = summarize(e.type, e.data, indicatorOrder);
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

function summarize(type: string, data: Record<string, unknown>, order: string[]): string {
  if (type === 'QualityFindingRaised') {
    const finding = data.finding as { code: string; severity: string; indicator?: string; message?: string };
    return `${finding.severity} ${finding.code}${finding.indicator ? ` on ${finding.indicator}` : ''}${finding.message ? `: ${finding.message}` : ''}`;
  }
  if (type === 'QualityFindingResolved') return `${String(data.code)} resolved (${String(data.reason)})`;
  if (type === 'AuditFindingRecorded') {
    const recounts = (data.recounts as { indicator: string; reported: string; recounted: string }[]).map((r) => {
      const { vf } = verificationFactor(r.reported, r.recounted);
      return `${r.indicator} reported ${r.reported} recounted ${r.recounted} VF ${vf ?? '-'}`;
    });
    return `${String(data.findingId)} by inspector ${String(data.inspector)} at ${String(data.inspectedAt)}: ${recounts.join('; ')}; evidence ${(data.evidence as { sha256: string }[]).map((e) => e.sha256.slice(0, 12)).join(', ') || 'none'}`;
  }
  if (type === 'ReportSubmitted' || type === 'ReportCorrected') {
    const values = Object.entries(data.values as Record<string, string>)
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return `${data.reason ? `reason "${String(data.reason)}" ` : ''}${data.findingRef ? `finding ${String(data.findingRef)} ` : ''}${values}`;
  }
  if (data.comment) return `comment "${String(data.comment)}"`;
  if (data.reason) return `reason "${String(data.reason)}"`;
  return '';
}
