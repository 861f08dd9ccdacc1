import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRows, importReportsCsv, importUnitsCsv } from '../src/index.ts';
import { UNITS_CSV, admin, intakeWithUnits, reporter } from './fixtures.ts';

const WIDE = `form,unitCode,period,SAN_ROAD_AREA,SAN_WASTE_COLLECTED,SAN_WASTE_HARMLESS,SAN_NIGHT_SOIL,SAN_CONSTRUCTION_WASTE,SAN_PUBLIC_TOILETS,SAN_CLEANERS
sanitation,110101001001,2025-03,12.5,310.2,305,40,120,18,42
sanitation,110101001002,2025-03,8,abc,200,30,100,10,20
sanitation,110101001002,2025-13,8,210,200,30,100,10,20
sanitation,110102001001,2025-03,8,210,200,30,100,10,20
sanitation,110101001002,2025-04,8,210,200,30,100,10,20
`;

const LONG = `form,unitCode,period,indicator,value
sanitation,110101001001,2025-05,SAN_ROAD_AREA,12.5
sanitation,110101001001,2025-05,SAN_WASTE_COLLECTED,310.2
sanitation,110101001001,2025-05,SAN_WASTE_HARMLESS,305
sanitation,110101001001,2025-05,SAN_NIGHT_SOIL,40
sanitation,110101001001,2025-05,SAN_CONSTRUCTION_WASTE,120
sanitation,110101001001,2025-05,SAN_PUBLIC_TOILETS,18
sanitation,110101001001,2025-05,SAN_CLEANERS,42
sanitation,110101001002,2025-05,SAN_ROAD_AREA,1
sanitation,110101001002,2025-05,SAN_WASTE_COLLECTED,2
sanitation,110101001001,2025-05,SAN_CLEANERS,43
`;

describe('CSV import of reports', () => {
  it('imports good rows of the wide layout and names each bad row by line and reason', async () => {
    const { store, reports } = await intakeWithUnits();
    const summary = await importReportsCsv(Readable.from([WIDE]), { store, reports }, { principal: reporter });
    expect(summary).toMatchObject({
      layout: 'wide',
      rows: 5,
      reports: { appended: 2, alreadyImported: 0, rejected: 3 },
    });
    expect(summary.errors).toEqual([
      {
        line: 3,
        report: 'sanitation|110101001002|2025-03',
        message: expect.stringMatching(/values\.SAN_WASTE_COLLECTED: 'abc' is not a decimal number/),
      },
      {
        line: 4,
        report: 'sanitation|110101001002|2025-13',
        message: expect.stringMatching(/period: invalid period '2025-13'/),
      },
      { line: 5, report: 'sanitation|110102001001|2025-03', message: expect.stringMatching(/outside that subtree/) },
    ]);
    expect(await store.readAll({ filter: { streamPrefixes: ['report-'] } })).toHaveLength(2);
  });

  it('appends nothing new when the same file is imported again', async () => {
    const { store, reports } = await intakeWithUnits();
    await importReportsCsv(Readable.from([WIDE]), { store, reports }, { principal: reporter });
    const before = (await store.readAll()).length;
    const again = await importReportsCsv(Readable.from([WIDE]), { store, reports }, { principal: reporter });
    expect(again.reports).toEqual({ appended: 0, alreadyImported: 2, rejected: 3 });
    expect(await store.readAll()).toHaveLength(before);
  });

  it('groups contiguous rows of the long layout into one report, all or nothing', async () => {
    const { store, reports } = await intakeWithUnits();
    const summary = await importReportsCsv(Readable.from([LONG]), { store, reports }, { principal: reporter });
    expect(summary).toMatchObject({ layout: 'long', rows: 10, reports: { appended: 1, rejected: 2 } });
    expect(summary.errors.map((e) => [e.line, e.message.slice(0, 40)])).toEqual([
      [9, 'missing required indicators: SAN_WASTE_H'],
      [11, 'a second set of rows for sanitation|1101'],
    ]);
    const [submitted] = await store.readStream('report-sanitation-110101001001-2025-05');
    expect(submitted!.data.values).toMatchObject({ SAN_CLEANERS: '42' });
    expect(submitted!.metadata.channel).toBe('csv');
    expect(await store.readStream('report-sanitation-110101001002-2025-05')).toEqual([]);
  });

  it('takes a row with a reason as a correction', async () => {
    const { store, reports } = await intakeWithUnits();
    await importReportsCsv(Readable.from([WIDE]), { store, reports }, { principal: reporter });
    const correction =
      WIDE.split('\n')[0]!.replace('period,', 'period,reason,') +
      '\nsanitation,110101001001,2025-03,台账复核,12.5,320.2,305,40,120,18,42\n';
    const summary = await importReportsCsv(Readable.from([correction]), { store, reports }, { principal: reporter });
    expect(summary.reports.appended).toBe(1);
    expect((await store.readStream('report-sanitation-110101001001-2025-03')).map((e) => e.type)).toEqual([
      'ReportSubmitted',
      'ReportCorrected',
    ]);
  });

  it('stops at a header without the key columns, saying what it expected', async () => {
    const { store, reports } = await intakeWithUnits();
    await expect(
      importReportsCsv(Readable.from(['unit,period\n1,2\n']), { store, reports }, { principal: reporter }),
    ).rejects.toThrow(/header lacks form, unitCode/);
  });
});

describe('CSV import of units (NBS layout)', () => {
  it('registers units once, records renames and rejects codes that do not fit the scheme', async () => {
    const { store, units } = await intakeWithUnits();
    expect(units.size()).toBe(8);
    expect(units.children('110101001000' as never).map((u) => u.name)).toEqual(['多福巷社区居委会', '银闸社区居委会']);
    const again = await importUnitsCsv(Readable.from([UNITS_CSV]), { store, units }, { principal: admin });
    expect(again).toMatchObject({ registered: 0, unchanged: 8, errors: [] });
    const changes = `code,name,parentCode\n110101001002,银闸社区,110101001\n110101001,东华门,110102\n110101000001,x,\n`;
    const summary = await importUnitsCsv(Readable.from([changes]), { store, units }, { principal: admin });
    expect(summary).toMatchObject({ renamed: 1, registered: 0 });
    expect(summary.errors).toEqual([
      { line: 3, message: expect.stringMatching(/parentCode 110102000000 is not the parent of 110101001000/) },
      { line: 4, message: expect.stringMatching(/village group VVV is 001 under a zero township/) },
    ]);
    expect(units.get('110101001002' as never)!.name).toBe('银闸社区');
  });
});

describe('reading CSV rows', () => {
  it('passes on an error of the source (a missing or unreadable file) to whoever reads the rows', async () => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }));
      },
    });
    const read = async () => {
      for await (const _ of csvRows(failing, ['a'], 'hint')) void _;
    };
    await expect(read()).rejects.toThrow(/ENOENT/);
  });
});

describe('CSV files with mistakes get answers naming the line', () => {
  const header = WIDE.split('\n')[0]!;
  const good = (village: string, period = '2025-03') => `sanitation,${village},${period},12.5,310.2,305,40,120,18,42`;

  it('refuses a ;-delimited file whole, saying why, and appends nothing', async () => {
    const { store, reports } = await intakeWithUnits();
    const semicolons = [header, good('110101001001')].map((l) => l.replaceAll(',', ';')).join('\n');
    await expect(
      importReportsCsv(Readable.from([semicolons]), { store, reports }, { principal: reporter }),
    ).rejects.toThrow(
      /line 1: the header lacks form, unitCode, period \(the file seems to be separated by something other than commas\)/,
    );
    expect(await store.readAll({ filter: { streamPrefixes: ['report-'] } })).toHaveLength(0);
  });

  it('names a row with an extra cell by its line and imports the good rows around it', async () => {
    const { store, reports } = await intakeWithUnits();
    const file = [
      header,
      good('110101001001'),
      `${good('110101001002')},surplus`,
      good('110101001002', '2025-04'),
    ].join('\n');
    const summary = await importReportsCsv(Readable.from([file]), { store, reports }, { principal: reporter });
    expect(summary.reports).toMatchObject({ appended: 2 });
    expect(summary.errors).toEqual([{ line: 3, message: 'the line has 11 cells where the header has 10 columns' }]);
  });

  it('imports the rows before an unclosed quote and says where reading stopped', async () => {
    const { store, reports } = await intakeWithUnits();
    // As a file arrives, in pieces: the rows of the pieces before the broken one are read and imported.
    const pieces = [
      `${header}\n${good('110101001001')}\n`,
      'sanitation,"110101001002,2025-03,1,2,3,4,5,6,7\n',
      good('110101001002', '2025-04'),
    ];
    const summary = await importReportsCsv(Readable.from(pieces), { store, reports }, { principal: reporter });
    expect(summary.reports.appended).toBe(1);
    expect(summary.unread).toMatch(/the file cannot be read after line 2/);
  });

  it('refuses garbage as a file without the header it needs', async () => {
    const { store, reports } = await intakeWithUnits();
    const garbage = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251));
    await expect(
      importReportsCsv(Readable.from([garbage]), { store, reports }, { principal: reporter }),
    ).rejects.toThrow(/the header lacks|cannot be read/);
  });

  it('counts the errors it does not list beyond the cap', async () => {
    const { store, reports } = await intakeWithUnits();
    const file = [header, ...Array.from({ length: 7 }, () => 'x,y')].join('\n');
    const summary = await importReportsCsv(
      Readable.from([file]),
      { store, reports },
      { principal: reporter, maxErrors: 5 },
    );
    expect(summary.errors).toHaveLength(5);
    expect(summary.errorsNotShown).toBe(2);
  });

  it('tells a role that may not import units once, not on every row', async () => {
    const { store, units } = await intakeWithUnits();
    await expect(importUnitsCsv(Readable.from([UNITS_CSV]), { store, units }, { principal: reporter })).rejects.toThrow(
      /a reporter may not import-units/,
    );
  });
});
