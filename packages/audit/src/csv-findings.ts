import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { csvRows, RequestValidationError, validate } from '@statledger/intake';
import { recordFindingRequestSchema, type RecordFindingRequest } from './requests.ts';

const FIXED = ['report', 'inspector', 'inspected_at', 'evidence_sha256', 'evidence'];

export interface FindingRow {
  line: number;
  request: RecordFindingRequest;
  idempotencyKey: string;
}

/**
 * Findings from a CSV, one row per recounted report: `report,inspector,inspected_at,evidence_sha256,evidence`
 * and one column per recounted indicator (blank = not recounted), read and checked whole before anything is
 * recorded: a file with a bad line records nothing, and every bad line is named. Each row carries a key derived
 * from its content, so importing the same file twice records each finding once.
 */
export async function findingsFromCsv(
  input: Readable,
): Promise<{ rows: FindingRow[]; errors: { line: number; message: string }[] }> {
  const rows: FindingRow[] = [];
  const errors: { line: number; message: string }[] = [];
  for await (const item of csvRows(
    input,
    ['report', 'inspector', 'inspected_at'],
    'columns: report,inspector,inspected_at,evidence_sha256,evidence,<INDICATOR>...',
  )) {
    if ('problem' in item) {
      errors.push({ line: item.line, message: item.problem });
      continue;
    }
    const { line, cells } = item;
    const recounted = Object.fromEntries(
      Object.entries(cells).filter(([column, value]) => !FIXED.includes(column) && value !== ''),
    );
    const evidence = cells.evidence_sha256
      ? [{ sha256: cells.evidence_sha256, description: cells.evidence || 'evidence' }]
      : [];
    try {
      const request = validate(recordFindingRequestSchema, {
        report: cells.report,
        recounted,
        inspector: cells.inspector,
        inspectedAt: cells.inspected_at,
        evidence,
      });
      rows.push({
        line,
        request,
        idempotencyKey: `csv-finding:${createHash('sha256').update(JSON.stringify(cells)).digest('hex')}`,
      });
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error;
      errors.push({ line, message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
  }
  return { rows, errors };
}
