import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { STATISTICAL_ZONE, formatPeriod, instantFromText, parsePeriod, parseUnitCode } from '@statledger/domain';
import { sequencePosition } from '@statledger/event-store';
import { statisticsAsOf, type AsOf, type Figure } from '@statledger/read-models';
import { runProjector, statisticsFromProjection } from '@statledger/read-models';
import { say } from '../output.ts';
import { withLogRuntime } from '../runtime.ts';

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description(
      'a form\u2019s figures for a unit and its children, rolled up through the tiers, as the log stands or stood',
    )
    .requiredOption('--form <form>', 'sanitation, patent or rnd')
    .requiredOption('--unit <code>', 'unit code, full or short')
    .requiredOption('--period <period>', 'e.g. 2025-03, 2025-Q1, 2025 (coarser than the form aggregates over time)')
    .option('--as-of <instant>', 'as the figures stood at this ISO-8601 instant, e.g. 2025-04-03T12:00:00+08:00')
    .option('--as-of-position <n>', 'as the figures stood at this log position')
    .option('--json', 'print JSON')
    .option('--store <url>', 'event store')
    .action(
      async (options: {
        form: string;
        unit: string;
        period: string;
        asOf?: string;
        asOfPosition?: string;
        json?: boolean;
        store?: string;
      }) => {
        return await withLogRuntime({ store: options.store }, async (runtime) => {
          let asOf: AsOf;
          if (options.asOf) {
            const instant = instantFromText(options.asOf);
            if (instant === null)
              throw new Error(
                `--as-of '${options.asOf}' is neither an instant with its offset (2025-04-03T12:00:00+08:00) nor a date (2025-05-01, the start of that day in Asia/Shanghai)`,
              );
            asOf = { instant };
          } else if (options.asOfPosition) {
            if (!/^\d+$/.test(options.asOfPosition))
              throw new Error(`--as-of-position takes a log position (a whole number), not '${options.asOfPosition}'`);
            asOf = { position: sequencePosition(BigInt(options.asOfPosition)) };
          }
          const isDenominatorSource = runtime.sourceRegistry.isDenominatorSource;
          const query = {
            form: options.form,
            unit: parseUnitCode(options.unit),
            period: formatPeriod(parsePeriod(options.period)),
          };
          runtime.catalogue.get(query.form);
          // The present from the projection (brought up to date first); the past by folding the log up to it.
          let stats;
          if (asOf)
            stats = await statisticsAsOf(runtime.store, runtime.catalogue, isDenominatorSource, { ...query, asOf });
          else {
            await runProjector({
              events: runtime.store,
              projections: runtime.projections,
              catalogue: runtime.catalogue,
              isDenominatorSource,
              stopWhenCaughtUp: true,
            });
            stats = await statisticsFromProjection(runtime.projections, runtime.catalogue, isDenominatorSource, query);
          }
          if (options.json) {
            say(JSON.stringify(stats, null, 2));
            return;
          }
          const position = `log position ${stats.asOf.position === null ? '(empty log)' : BigInt(stats.asOf.position).toString()}`;
          const instant =
            stats.asOf.instant &&
            DateTime.fromISO(stats.asOf.instant).setZone(STATISTICAL_ZONE).toFormat('yyyy-MM-dd HH:mm');
          say(
            `${stats.form} ${stats.unit} ${stats.period}, as of ${instant ? `${instant} Asia/Shanghai (${position})` : position}`,
          );
          if (!stats.figure) {
            say('no figures: no reporting unit under this unit, or nothing reported yet');
            return;
          }
          printFigure(stats.figure);
          for (const child of stats.children)
            say(
              `  ${child.unit} ${child.status.padEnd(11)} ${child.received}/${child.expected} reports  ${Object.entries(
                { ...child.values, ...child.derived },
              )
                .slice(0, 4)
                .map(([k, v]) => `${k}=${v ?? '-'}`)
                .join(' ')}`,
            );
        });
      },
    );
}

function printFigure(f: Figure): void {
  say(`${f.unit} (${f.tier}): ${f.status}, ${f.received} of ${f.expected} reports, ${f.openFindings} open findings`);
  for (const [code, value] of Object.entries({ ...f.values, ...f.derived }))
    say(`  ${code.padEnd(30)} ${value ?? '-'}`);
  for (const [code, t] of Object.entries(f.targets ?? {}))
    say(`  target ${code.padEnd(23)} ${t.target}, year-to-date progress ${t.progress ?? '-'} %`);
}
