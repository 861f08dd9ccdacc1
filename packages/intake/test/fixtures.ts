import { Readable } from 'node:stream';
import { createInMemoryEventStore } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { createReportService, createUnitRegistry, importUnitsCsv, type Principal } from '../src/index.ts';

export const admin: Principal = { id: 'admin', role: 'admin', unit: '110000000000' as Principal['unit'] };
export const reporter: Principal = { id: 'rep-dongcheng', role: 'reporter', unit: '110101000000' as Principal['unit'] };
export const approver: Principal = {
  id: 'township-approver',
  role: 'approver',
  unit: '110101001000' as Principal['unit'],
};

export const UNITS_CSV = `\uFEFFcode,name,parentCode
1101,市辖区,11
110101,东城区,1101
110101001,东华门街道,110101
110101001001,多福巷社区居委会,110101001
110101001002,银闸社区居委会,110101001
110102,西城区,1101
110102001,西长安街街道,110102
110102001001,西交民巷社区居委会,110102001
`;

export const sanitationValues = {
  SAN_ROAD_AREA: '12.5',
  SAN_WASTE_COLLECTED: '310.2',
  SAN_WASTE_HARMLESS: '305',
  SAN_NIGHT_SOIL: '40',
  SAN_CONSTRUCTION_WASTE: '120',
  SAN_PUBLIC_TOILETS: '18',
  SAN_CLEANERS: '42',
};

export async function intakeWithUnits() {
  const store = createInMemoryEventStore();
  const units = createUnitRegistry(store);
  await importUnitsCsv(Readable.from([UNITS_CSV]), { store, units }, { principal: admin });
  const reports = createReportService({ store, catalogue: loadFormCatalogue(), units });
  return { store, units, reports };
}
