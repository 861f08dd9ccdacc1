import { describe, expect, it } from 'vitest';
import { PLAUSIBLE_SANITATION } from '@statledger/testing';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { uuidFromName, type JsonObject } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { PROJECTOR, runProjector } from '@statledger/read-models';
import { createSqliteProjectionStore, dumpTables } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const isDenominatorSource = () => false;
const metadata = { principal: 'test', channel: 'api', correlationId: 'c' };
const report = 'report-sanitation-110101001001-2025-03';
const values = PLAUSIBLE_SANITATION;

async function storeWithAReportAndTwoFindings() {
  const store = createSqliteEventStore({ path: ':memory:', now: () => new Date('2025-04-02T02:00:00Z') });
  const append = (stream: string, type: string, data: JsonObject, name: string) =>
    store.appendToStream(stream, [{ id: uuidFromName(name), type, data, metadata }], { expectedRevision: 'any' });
  await append(
    'unit-110101001001',
    'UnitRegistered',
    { code: '110101001001', name: '村', parentCode: '110101001000' },
    'u',
  );
  await append(
    report,
    'ReportSubmitted',
    { form: 'sanitation', unitCode: '110101001001', period: '2025-03', values, source: { type: 'reporting_unit' } },
    's',
  );
  for (const [name, type] of [
    ['f1', 'QualityFindingRaised'],
    ['f2', 'QualityFindingRaised'],
    ['f1', 'QualityFindingResolved'],
  ] as const) {
    await append(
      `quality-${report}`,
      type,
      { findingId: uuidFromName(name), report, subject: `quality-${report}`, family: 'rules' },
      `${name}-${type}`,
    );
  }
  return store;
}

/** A projection store opened on the file as a process starting would: its layout is checked then. */
const project = (store: Awaited<ReturnType<typeof storeWithAReportAndTwoFindings>>) =>
  runProjector({
    events: store,
    projections: createSqliteProjectionStore({ db: store.db }),
    catalogue,
    isDenominatorSource,
    stopWhenCaughtUp: true,
  });

describe('the read-model tables', () => {
  it('keep a report’s open findings in its row, resolved ones removed', async () => {
    const store = await storeWithAReportAndTwoFindings();
    await project(store);
    const row = store.db.prepare<[], { open_findings: string }>('SELECT open_findings FROM rm_reports').all();
    expect(row).toEqual([{ open_findings: uuidFromName('f2') }]);
    await store.close();
  });

  // Each older layout as a file written by that version holds it, the projector's checkpoint at the log's head.
  const olderLayouts = {
    // No version table; a report's findings inside its row.
    1: `DROP TABLE rm_layout; DROP TABLE rm_reports;
        CREATE TABLE rm_reports (stream TEXT PRIMARY KEY, form TEXT NOT NULL, state TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO rm_reports VALUES ('${report}', 'sanitation', '{"findings":["stale"]}');`,
    // Findings as rows; a report's values inside its row as JSON.
    2: `UPDATE rm_layout SET version = 2; DROP TABLE rm_reports;
        CREATE TABLE rm_report_findings (report TEXT NOT NULL, finding TEXT NOT NULL, PRIMARY KEY (report, finding)) WITHOUT ROWID;
        CREATE TABLE rm_reports (stream TEXT PRIMARY KEY, form TEXT NOT NULL, state TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO rm_reports VALUES ('${report}', 'sanitation', '{"values":{"SAN_CLEANERS":"1"}}');`,
    // A report's values at a position of the log, joined on reading.
    3: `UPDATE rm_layout SET version = 3; DROP TABLE rm_reports;
        CREATE TABLE rm_reports (stream TEXT PRIMARY KEY, form TEXT NOT NULL, unit_code TEXT NOT NULL, period TEXT NOT NULL, values_at INTEGER NOT NULL,
          approved INTEGER NOT NULL, revised INTEGER NOT NULL, ever_approved INTEGER NOT NULL, on_time INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO rm_reports VALUES ('${report}', 'sanitation', '110101001001', '2025-03', 1, 0, 0, 0, 1);`,
    // A report's values in its row, without its status and revision.
    4: `UPDATE rm_layout SET version = 4; DROP TABLE rm_reports;
        CREATE TABLE rm_reports (stream TEXT PRIMARY KEY, form TEXT NOT NULL, unit_code TEXT NOT NULL, period TEXT NOT NULL, values_at TEXT NOT NULL,
          report_values TEXT NOT NULL, approved INTEGER NOT NULL, revised INTEGER NOT NULL, ever_approved INTEGER NOT NULL, on_time INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO rm_reports VALUES ('${report}', 'sanitation', '110101001001', '2025-03', '1', '{}', 0, 0, 0, 1);`,
    // Open findings as rows of their own.
    6: `UPDATE rm_layout SET version = 6; DROP TABLE rm_reports;
        CREATE TABLE rm_reports (stream TEXT PRIMARY KEY, form TEXT NOT NULL, unit_code TEXT NOT NULL, period TEXT NOT NULL, values_at TEXT NOT NULL,
          report_values TEXT NOT NULL, approved INTEGER NOT NULL, revised INTEGER NOT NULL, ever_approved INTEGER NOT NULL, on_time INTEGER NOT NULL,
          status TEXT NOT NULL, revision INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO rm_reports VALUES ('${report}', 'sanitation', '110101001001', '2025-03', '1', '{}', 0, 0, 0, 1, 'submitted', 0);
        CREATE TABLE rm_report_findings (report TEXT NOT NULL, finding TEXT NOT NULL, PRIMARY KEY (report, finding)) WITHOUT ROWID;
        INSERT INTO rm_report_findings VALUES ('${report}', 'stale');`,
  };

  it.each(Object.entries(olderLayouts))(
    'are dropped with the projector’s checkpoint when a file holds layout %s, and folded again from the log',
    async (_layout, olderTables) => {
      const store = await storeWithAReportAndTwoFindings();
      await project(store);
      const expected = dumpTables(store.db);
      store.db.exec(olderTables);
      expect((await store.checkpoints.load(PROJECTOR))?.position).toBeDefined();

      const { events } = await project(store);
      expect(events).toBe(5);
      expect(dumpTables(store.db)).toBe(expected);
      const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'rm_report_findings'").all();
      expect(tables).toEqual([]);
      await store.close();
    },
  );
});
