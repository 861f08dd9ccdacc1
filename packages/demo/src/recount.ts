import { createHash } from 'node:crypto';
import type { FaultRegister } from './faults.ts';

/** The tonnages an inspector recounts from a village's ledger. */
export const RECOUNTED_INDICATORS = ['SAN_WASTE_COLLECTED', 'SAN_WASTE_HARMLESS'] as const;

/** True values of the demo's injected faults, by report: what the unit's own records say. */
export function ledgerTruth(faults: FaultRegister): Map<string, Record<string, string>> {
  const truth = new Map<string, Record<string, string>>();
  const add = (report: string, values: Record<string, string>) =>
    truth.set(report, { ...truth.get(report), ...values });
  for (const f of faults.wrong_unit_x1000) add(f.report, { [String(f.detail!.indicator)]: String(f.detail!.true) });
  for (const f of [...faults.harmless_exceeds_collected, ...faults.fabricated_district]) {
    add(
      f.report,
      Object.fromEntries(
        Object.entries(f.detail ?? {})
          .filter(([k]) => k.startsWith('true:'))
          .map(([k, v]) => [k.slice(5), String(v)]),
      ),
    );
  }
  return truth;
}

/**
 * The findings an honest on-site recount of the demo's sampled reports would record: the ledger's figure
 * where the demo injected a fault, the reported figure elsewhere. Inspectors, times and evidence digests are
 * derived from the report, so the same plan gives the same file.
 */
export function demoRecounts(
  sample: readonly { report: string; reported: Readonly<Record<string, string>> }[],
  faults: FaultRegister,
  inspectedAt: string,
) {
  const truth = ledgerTruth(faults);
  return sample.map(({ report, reported }) => {
    const recounted = Object.fromEntries(
      RECOUNTED_INDICATORS.filter((i) => reported[i] !== undefined).map((i) => [
        i,
        truth.get(report)?.[i] ?? reported[i]!,
      ]),
    );
    const district = /-(\d{6})\d{6}-/.exec(report)?.[1] ?? 'city';
    return {
      report,
      inspector: `demo-inspector-${district}`,
      inspected_at: inspectedAt,
      evidence_sha256: createHash('sha256').update(`ledger scan of ${report}`).digest('hex'),
      evidence: '统计台账扫描件 (demo)',
      ...recounted,
    };
  });
}
