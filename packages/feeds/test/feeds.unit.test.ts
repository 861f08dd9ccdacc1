import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import type { Figure } from '@statledger/read-models';
import { parseUnitCode } from '@statledger/domain';
import {
  AGGREGATE_MESSAGE_SCHEMA_FILE,
  aggregateMessage,
  aggregateMessageJsonSchema,
  createDeduplicator,
  createFileSink,
  createMessageValidator,
  sdmxRows,
  SDMX_COLUMNS,
  sdmxCsvStream,
} from '../src/index.ts';

const sanitation = loadFormCatalogue().get('sanitation');
const figure = (status: Figure['status']): Figure => ({
  unit: parseUnitCode('110101'),
  tier: 'district',
  period: '2025-03',
  values: {
    SAN_ROAD_AREA: '12.5',
    SAN_WASTE_COLLECTED: '615',
    SAN_WASTE_HARMLESS: '600',
    SAN_NIGHT_SOIL: null,
    SAN_CONSTRUCTION_WASTE: '40',
    SAN_PUBLIC_TOILETS: '6',
    SAN_CLEANERS: '18',
  },
  derived: {},
  received: 6,
  expected: 6,
  onTime: 6,
  status,
  openFindings: 0,
});

describe('the published message contract', () => {
  it('is the JSON Schema generated from the zod schema (regenerate with npx -y pnpm@10 schemas)', () => {
    expect(JSON.parse(readFileSync(AGGREGATE_MESSAGE_SCHEMA_FILE, 'utf8'))).toEqual(aggregateMessageJsonSchema());
  });

  it('accepts a message built from a figure and refuses one that breaks the schema, naming the field', () => {
    const validate = createMessageValidator();
    const message = aggregateMessage(sanitation, figure('final'), 7, '00000000000000000042');
    expect(() => validate(message)).not.toThrow();
    expect(message.key).toBe('sanitation|110101000000|2025-03');
    expect(() => validate({ ...message, revision: -1 })).toThrow(/\/revision must be >= 0/);
    expect(() => validate({ ...message, status: 'draft' as never })).toThrow(/\/status/);
  });

  it('carries city and district aggregates only', () => {
    expect(() => aggregateMessage(sanitation, { ...figure('final'), tier: 'village' }, 0, '1')).toThrow(/not village/);
  });
});

describe('deduplicating consumers', () => {
  it('keep the highest revision per key and drop re-sends and stale copies', () => {
    const d = createDeduplicator();
    expect(
      ['a:0', 'a:1', 'a:1', 'b:0', 'a:0', 'a:3'].map((x) => d.accept(x.split(':')[0]!, Number(x.split(':')[1]))),
    ).toEqual(['new', 'new', 'duplicate', 'new', 'stale', 'new']);
  });
});

describe('SDMX-CSV 2.0', () => {
  it('writes one row per unit and indicator with a value, UNIT_MULT from the form, ACTION R for a revised figure', async () => {
    const rows = sdmxRows(sanitation, [
      figure('provisional'),
      { ...figure('revised'), unit: parseUnitCode('1101'), tier: 'city' },
    ]);
    expect(rows.filter((r) => r.REF_AREA === '110101000000')).toHaveLength(6);
    expect(rows.find((r) => r.INDICATOR === 'SAN_ROAD_AREA' && r.REF_AREA === '110101000000')).toEqual({
      STRUCTURE: 'dataflow',
      STRUCTURE_ID: 'STATLEDGER:DF_SANITATION(1.0.0)',
      ACTION: 'I',
      FREQ: 'M',
      REF_AREA: '110101000000',
      INDICATOR: 'SAN_ROAD_AREA',
      TIME_PERIOD: '2025-03',
      OBS_VALUE: '12.5',
      UNIT_MEASURE: 'm2',
      UNIT_MULT: '4',
      OBS_STATUS: 'P',
    });
    expect(rows.find((r) => r.REF_AREA === '110100000000')).toMatchObject({ ACTION: 'R', OBS_STATUS: 'A' });
    let text = '';
    for await (const chunk of sdmxCsvStream(rows)) text += String(chunk);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(SDMX_COLUMNS.join(','));
    expect(lines[1]).toBe(
      'dataflow,STATLEDGER:DF_SANITATION(1.0.0),I,M,110101000000,SAN_ROAD_AREA,2025-03,12.5,m2,4,P',
    );
  });
});

describe('the file sink', () => {
  it('appends one NDJSON line per message', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'statledger-sink-')), 'feed.ndjson');
    const sink = createFileSink(path);
    await sink.send([
      { key: 'a', value: { n: 1 } },
      { key: 'b', value: { n: 2 } },
    ]);
    await sink.send([{ key: 'a', value: { n: 3 } }]);
    await sink.close();
    expect(
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { key: 'a', value: { n: 1 } },
      { key: 'b', value: { n: 2 } },
      { key: 'a', value: { n: 3 } },
    ]);
  });
});
