import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidFormError, reportedIndicators } from '@statledger/domain';
import { loadFormCatalogue } from '../src/index.ts';

describe('the form catalogue in schemas/forms', () => {
  const catalogue = loadFormCatalogue();

  it('holds the three forms of the spec with their period types, tiers and deadlines', () => {
    expect([...catalogue.forms.keys()].sort()).toEqual(['patent', 'rnd', 'sanitation']);
    expect(catalogue.get('sanitation')).toMatchObject({
      periodType: 'month',
      reportingTiers: ['village', 'subdistrict'],
      deadline: { daysAfterPeriodEnd: 5 },
    });
    expect(catalogue.get('patent')).toMatchObject({
      periodType: 'quarter',
      reportingTiers: ['subdistrict', 'district'],
      deadline: { daysAfterPeriodEnd: 10 },
    });
    expect(catalogue.get('rnd')).toMatchObject({
      periodType: 'quarter',
      valueBasis: 'year_to_date',
      deadline: { daysAfterPeriodEnd: 15 },
    });
  });

  it('lists every sanitation indicator with its aggregation', () => {
    const form = catalogue.get('sanitation');
    const byCode = Object.fromEntries(form.indicators.map((i) => [i.code, i]));
    expect(Object.keys(byCode)).toEqual([
      'SAN_ROAD_AREA',
      'SAN_WASTE_COLLECTED',
      'SAN_WASTE_HARMLESS',
      'SAN_NIGHT_SOIL',
      'SAN_CONSTRUCTION_WASTE',
      'SAN_PUBLIC_TOILETS',
      'SAN_CLEANERS',
      'SAN_HARMLESS_RATE',
    ]);
    expect(byCode.SAN_ROAD_AREA).toMatchObject({ kind: 'flow', unitMultiplier: 4, aggregation: { overTime: 'sum' } });
    expect(byCode.SAN_PUBLIC_TOILETS).toMatchObject({
      kind: 'stock',
      valueType: 'integer',
      aggregation: { overTime: 'period_end' },
    });
    expect(byCode.SAN_HARMLESS_RATE).toMatchObject({
      kind: 'derived',
      ratio: { numerator: { indicator: 'SAN_WASTE_HARMLESS' }, denominator: { indicator: 'SAN_WASTE_COLLECTED' } },
    });
    expect(form.rules).toEqual([
      expect.objectContaining({
        left: ['SAN_WASTE_HARMLESS'],
        operator: '<=',
        right: ['SAN_WASTE_COLLECTED'],
        importance: 'high',
      }),
    ]);
  });

  it('derives patents per 10k residents from the population attribute and R&D intensity from GDP', () => {
    const per10k = catalogue.get('patent').indicators.find((i) => i.code === 'PAT_INVENTION_GRANTS_PER_10K');
    expect(per10k).toMatchObject({ ratio: { denominator: { attribute: 'RESIDENT_POPULATION' }, scale: 10000 } });
    const rnd = catalogue.get('rnd');
    expect(reportedIndicators(rnd).map((i) => i.code)).toEqual([
      'RND_EXPENDITURE',
      'RND_ENTERPRISE_EXPENDITURE',
      'ENT_SALES_REVENUE',
      'FISCAL_ST_EXPENDITURE',
      'FISCAL_EXPENDITURE',
      'GDP',
    ]);
    expect(rnd.indicators.find((i) => i.code === 'RND_INTENSITY')).toMatchObject({
      ratio: { numerator: { indicator: 'RND_EXPENDITURE' }, denominator: { indicator: 'GDP' } },
    });
  });

  it('names an unknown form and the known ones', () => {
    expect(() => catalogue.get('census')).toThrow(/unknown form 'census'; known forms: /);
  });
});

describe('loading an invalid catalogue', () => {
  const folderWith = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'forms-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  };
  const minimal = {
    code: 'demo',
    version: '1.0.0',
    name: 'demo',
    periodType: 'month',
    effectiveFrom: '2020-01',
    reportingTiers: ['village'],
    deadline: { daysAfterPeriodEnd: 5 },
    indicators: [
      {
        code: 'A',
        name: 'a',
        unit: 't',
        kind: 'flow',
        valueType: 'decimal',
        aggregation: { overUnits: 'sum', overTime: 'sum' },
      },
    ],
  };

  it('accepts a minimal form and fills defaults', () => {
    const form = loadFormCatalogue(folderWith({ 'demo.json': JSON.stringify(minimal) })).get('demo');
    expect(form).toMatchObject({ valueBasis: 'period', rules: [], deadline: { cityOverrides: {} } });
  });

  it('names the file, the path and the reason', () => {
    const bad = {
      ...minimal,
      periodType: 'week',
      rules: [{ id: 'R', description: 'r', left: ['A'], operator: '<=', right: ['B'], importance: 'high' }],
    };
    const dir = folderWith({ 'demo.json': JSON.stringify(bad) });
    expect(() => loadFormCatalogue(dir)).toThrow(InvalidFormError);
    expect(() => loadFormCatalogue(dir)).toThrow(/demo\.json is invalid:\n {2}at periodType: .*/);
  });

  it('reports a rule that refers to an unknown indicator', () => {
    const bad = {
      ...minimal,
      rules: [{ id: 'R', description: 'r', left: ['A'], operator: '<=', right: ['B'], importance: 'high' }],
    };
    expect(() => loadFormCatalogue(folderWith({ 'demo.json': JSON.stringify(bad) }))).toThrow(
      /at rules\.0\.right\.0: rule R refers to B/,
    );
  });

  it('reports broken JSON and an empty folder', () => {
    expect(() => loadFormCatalogue(folderWith({ 'x.json': '{' }))).toThrow(/x\.json is not valid JSON/);
    expect(() => loadFormCatalogue(folderWith({}))).toThrow(/no form definitions/);
  });
});
