import { Readable } from 'node:stream';
import { createInMemoryEventStore } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { createReportService, createUnitRegistry, importUnitsCsv, type Principal } from '@statledger/intake';
import { parseUnitCode, type UnitCode } from '@statledger/domain';
import { createAuditService } from '../src/index.ts';

/** A fixed server secret for tests: plan ids are keyed with it. */
export const TEST_SECRET = Buffer.alloc(32, 7);

export const admin: Principal = { id: 'admin', role: 'admin', unit: parseUnitCode('110000000000') };
export const auditor: Principal = { id: 'city-auditor', role: 'auditor', unit: parseUnitCode('110100000000') };
export const villageReporter: Principal = {
  id: 'village-reporter',
  role: 'reporter',
  unit: parseUnitCode('110101001001'),
};

/** Two districts of three townships of ten villages each: 60 villages that report sanitation for 2025-03. */
export function villages(): UnitCode[] {
  const codes: UnitCode[] = [];
  for (const d of ['01', '02'])
    for (const t of ['001', '002', '003'])
      for (let v = 1; v <= 10; v++) codes.push(parseUnitCode(`1101${d}${t}${String(v).padStart(3, '0')}`));
  return codes;
}

function unitsCsv(): string {
  const lines = ['code,name,parentCode', '1101,市辖区,11'];
  for (const d of ['01', '02']) {
    lines.push(`1101${d},区${d},1101`);
    for (const t of ['001', '002', '003']) {
      lines.push(`1101${d}${t},街道${d}${t},1101${d}`);
      for (let v = 1; v <= 10; v++) lines.push(`1101${d}${t}${String(v).padStart(3, '0')},村${d}${t}${v},1101${d}${t}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const collectedOf = (i: number) => String(100 + i * 10);

export async function auditFixture() {
  const store = createInMemoryEventStore();
  const units = createUnitRegistry(store);
  await importUnitsCsv(Readable.from([unitsCsv()]), { store, units }, { principal: admin });
  const catalogue = loadFormCatalogue();
  const reports = createReportService({ store, catalogue, units });
  for (const [i, unitCode] of villages().entries()) {
    const key = { form: 'sanitation', unitCode, period: '2025-03' };
    const values = {
      SAN_ROAD_AREA: '12.5',
      SAN_WASTE_COLLECTED: collectedOf(i),
      SAN_WASTE_HARMLESS: '90',
      SAN_NIGHT_SOIL: '40',
      SAN_CONSTRUCTION_WASTE: '120',
      SAN_PUBLIC_TOILETS: '18',
      SAN_CLEANERS: '42',
    };
    await reports.execute(key, { type: 'SubmitReport', ...key, values }, { principal: admin, channel: 'api' });
  }
  return { store, units, reports, catalogue, audits: createAuditService({ store, catalogue, secret: TEST_SECRET }) };
}

export const stratifiedPlan = {
  form: 'sanitation',
  period: '2025-03',
  subtree: parseUnitCode('1101'),
  method: 'overt' as const,
  design: { type: 'stratified' as const, allocation: 'proportional' as const },
  size: { n: 12 },
  seed: 20250401,
};
