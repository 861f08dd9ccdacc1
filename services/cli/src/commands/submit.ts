import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { DomainError, reportStreamName } from '@statledger/domain';
import {
  ForbiddenError,
  NotFoundError,
  RequestValidationError,
  importReportsCsv,
  submitReportRequestSchema,
  validate,
} from '@statledger/intake';
import { openRuntime } from '@statledger/pipeline';
import { cliPrincipal } from '../cli-principal.ts';
import { countingProgress } from '../progress.ts';
import { say } from '../output.ts';

const wholeReports = 'takes a whole number of reports from 1 to 100,000';
const batchOptionSchema = z.object({
  '--batch': z.coerce
    .number({ error: wholeReports })
    .int(wholeReports)
    .min(1, wholeReports)
    .max(100_000, wholeReports)
    .optional(),
});

export function registerSubmit(program: Command): void {
  program
    .command('submit <file>')
    .description('submit reports from a CSV (long or wide layout, see README) or a JSON file (one report or an array)')
    .option('--store <url>', 'event store')
    .option('--as <principal>', 'act as this principal of the principals file')
    .option('--idempotency-key <key>', 'JSON only: a retried submission with the same key appends nothing')
    .option('--batch <reports>', 'CSV only: reports appended per atomic batch (default 20000)')
    .action(async (file: string, options: { store?: string; as?: string; idempotencyKey?: string; batch?: string }) => {
      const { '--batch': batchSize } = validate(batchOptionSchema, { '--batch': options.batch });
      const runtime = await openRuntime({ store: options.store });
      const principal = cliPrincipal(options.as);
      try {
        if (file.endsWith('.json')) {
          const requests = validate(
            z.array(submitReportRequestSchema).or(submitReportRequestSchema.transform((r) => [r])),
            JSON.parse(readFileSync(file, 'utf8')),
          );
          for (const [i, r] of requests.entries()) {
            const key = { form: r.form, unitCode: r.unitCode, period: r.period };
            const ctx = {
              principal,
              channel: 'cli' as const,
              ...(options.idempotencyKey ? { idempotencyKey: `${options.idempotencyKey}:${i}` } : {}),
            };
            try {
              const result = await runtime.reports.execute(
                key,
                { type: 'SubmitReport', ...key, values: r.values, ...(r.source ? { source: r.source } : {}) },
                ctx,
              );
              say(
                `${result.stream}: ${result.replayed ? 'already submitted (same idempotency key)' : `submitted at revision ${result.revision}`}`,
              );
            } catch (error) {
              // A report refused is rejected input (exit 1), as in a CSV; the command itself did not fail.
              if (!(
                error instanceof DomainError ||
                error instanceof RequestValidationError ||
                error instanceof NotFoundError ||
                error instanceof ForbiddenError
              ))
                throw error;
              say(`report ${i + 1} (${reportStreamName(key)}): refused: ${error.message}`);
              process.exitCode = 1;
            }
          }
          return;
        }
        const progress = countingProgress('importing reports', statSync(file).size);
        const summary = await importReportsCsv(createReadStream(file).pipe(progress.counter), runtime, {
          principal,
          ...(batchSize ? { batchSize } : {}),
          // In pipes and logs a line per batch shows the import advancing (and where a killed one stopped).
          onProgress: process.stderr.isTTY
            ? undefined
            : (s) =>
                say(
                  `progress: ${s.reports.appended} appended, ${s.reports.alreadyImported} already imported, ${s.reports.rejected} rejected`,
                ),
        });
        progress.stop();
        const { appended, alreadyImported, rejected } = summary.reports;
        say(
          `reports (${summary.layout} layout, ${summary.rows} rows): ${appended} appended, ${alreadyImported} already imported, ${rejected} rejected`,
        );
        for (const e of summary.errors.slice(0, 50))
          say(`  line ${e.line}${e.report ? ` (${e.report})` : ''}: ${e.message}`);
        const more = summary.errors.length - Math.min(50, summary.errors.length) + (summary.errorsNotShown ?? 0);
        if (more > 0) say(`  … and ${more} more`);
        if (summary.unread) say(`  not read to the end: ${summary.unread}`);
        if (rejected) process.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });
}
