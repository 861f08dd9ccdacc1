import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { csvRows, RequestValidationError, validate } from '@statledger/intake';
import { recordFindingRequestSchema, type RecordFindingRequest } from './requests.ts';

const FIXED = ['report', 'inspector', 'inspected_at', 'evidence_sha256', 'evidence'];

/**
 * Findings from a CSV, one row per recounted report: `report,inspector,inspected_at,evidence_sha256,evidence`
 * and one column per recounted indicator (blank = not recounted). Each row carries a key derived from its
 * content, so importing the same file twice records each finding once.
 */
export async function* findingsFromCsv(input: Readable): AsyncGenerator<{ line: number; request: RecordFindingRequest; idempotencyKey: string }> {
  let line = 1;
  for await (const row of csvRows(input, ['report', 'inspector', 'inspected_at'], 'columns: report,inspector,inspected_at,evidence_sha256,evidence,<INDICATOR>...') as AsyncIterable<Record<string, string>>) {
    line++;
    const recounted = Object.fromEntries(Object.entries(row).filter(([column, value]) => !FIXED.includes(column) && value !== ''));
    const evidence = row.evidence_sha256 ? [{ sha256: row.evidence_sha256, description: row.evidence || 'evidence' }] : [];
    try {
      const request = validate(recordFindingRequestSchema, { report: row.report, recounted, inspector: row.inspector, inspectedAt: row.inspected_at, evidence });
      yield { line, request, idempotencyKey: `csv-finding:${createHash('sha256').update(JSON.stringify(row)).digest('hex')}` };
    } catch (error) {
      if (error instanceof RequestValidationError) throw new RequestValidationError(error.issues.map((i) => ({ ...i, path: [`line ${line}`, ...i.path] })));
      throw error;
    }
  }
}
