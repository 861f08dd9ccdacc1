import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uuidFromName, type AppendRequest } from '@statledger/event-store';

/**
 * A city's year of monthly sanitation reports at village level: 16 districts × 25 townships × 25 villages
 * × 12 months, each a ReportSubmitted with realistic magnitudes, a share of them approved by the township.
 * Seeded, so every run appends the same rows.
 */
export function reportWorkload(totalEvents: number, seed = 20250301): AppendRequest[] {
  const rng = xoroshiro128plus(seed);
  const between = (lo: number, hi: number) => uniformInt(rng, lo, hi);
  const requests: AppendRequest[] = [];
  let events = 0;
  outer: for (let month = 1; month <= 12; month++) {
    for (let d = 1; d <= 16; d++) {
      for (let t = 1; t <= 25; t++) {
        for (let v = 1; v <= 25; v++) {
          const township = `1101${pad(d, 2)}${pad(t, 3)}`;
          const unitCode = `${township}${pad(v, 3)}`;
          const period = `2025-${pad(month, 2)}`;
          const stream = `report-sanitation-${unitCode}-${period}`;
          const collected = between(4_000, 60_000) / 100;
          const values = {
            SAN_ROAD_AREA: (between(50, 900) / 100).toFixed(2),
            SAN_WASTE_COLLECTED: collected.toFixed(2),
            SAN_WASTE_HARMLESS: (collected * between(9_200, 10_000) / 10_000).toFixed(2),
            SAN_NIGHT_SOIL: (between(100, 9_000) / 100).toFixed(2),
            SAN_CONSTRUCTION_WASTE: (between(0, 40_000) / 100).toFixed(2),
            SAN_PUBLIC_TOILETS: String(between(2, 40)),
            SAN_CLEANERS: String(between(5, 80)),
          };
          const metadata = { principal: `reporter-${unitCode}`, channel: 'api', correlationId: uuidFromName(`corr-${stream}`), formVersion: '1.0.0' };
          const batch = [{ id: uuidFromName(`${stream}-0`), type: 'ReportSubmitted', data: { form: 'sanitation', unitCode, period, values, source: { type: 'reporting_unit' } }, metadata }];
          if (between(0, 9) < 7) {
            batch.push({ id: uuidFromName(`${stream}-1`), type: 'ReportApproved', data: { byUnit: `${township}000` } as never, metadata: { ...metadata, principal: `approver-${township}` } });
          }
          requests.push({ stream, events: batch.slice(0, totalEvents - events), expectedRevision: 'no_stream' });
          events += Math.min(batch.length, totalEvents - events);
          if (events >= totalEvents) break outer;
        }
      }
    }
  }
  if (events < totalEvents) throw new Error(`the workload holds ${events} events, fewer than the ${totalEvents} asked for`);
  return requests;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
