import { describe, expect, it } from 'vitest';
import { aggregateKeysOf, createAggregateKeyMemo } from '../src/aggregate-keys.ts';

// Expected keys from the structure of the 统计用区划代码 (PP CC DD TTT VVV): a unit's district is its code with the
// township and village groups zeroed, its city the code with the district group zeroed too; 东莞 (4419) has no
// district group, so its townships count in the city alone.
const report = (form: string, unit: string, period: string) => ({
  stream: `report-${form}-${unit}-${period}`,
  type: 'ReportSubmitted',
  data: {},
});

describe('the aggregates an event changes', () => {
  const asked = [
    report('sanitation', '110101001001', '2025-06'),
    report('sanitation', '110101001002', '2025-06'),
    report('sanitation', '110101000000', '2025-06'),
    report('sanitation', '110102001001', '2025-06'),
    report('sanitation', '110102001001', '2025-07'),
    report('patent', '110102001000', '2025-Q2'),
    report('sanitation', '441900101001', '2025-06'),
    report('sanitation', '110100000000', '2025-06'),
    { stream: 'unit-110101001001', type: 'UnitRegistered', data: { code: '110101001001' } },
    {
      stream: 'source-gdp-110101000000-2025',
      type: 'SourceValuesReported',
      data: { form: 'rnd', unitCode: '110101000000', period: '2025' },
    },
  ];
  const expected = [
    ['sanitation|110101000000|2025-06', 'sanitation|110100000000|2025-06'],
    ['sanitation|110101000000|2025-06', 'sanitation|110100000000|2025-06'],
    ['sanitation|110101000000|2025-06', 'sanitation|110100000000|2025-06'],
    ['sanitation|110102000000|2025-06', 'sanitation|110100000000|2025-06'],
    ['sanitation|110102000000|2025-07', 'sanitation|110100000000|2025-07'],
    ['patent|110102000000|2025-Q2', 'patent|110100000000|2025-Q2'],
    ['sanitation|441900000000|2025-06'],
    ['sanitation|110100000000|2025-06'],
    [],
    ['rnd|110101000000|2025', 'rnd|110100000000|2025'],
  ];

  it('are the report’s district and city for its form and period, or the second source’s, or none', () => {
    expect(asked.map(aggregateKeysOf)).toEqual(expected);
  });

  it('are the same through the fold’s memo, in any order, and a run of one district gives one answer again', () => {
    const keysOf = createAggregateKeyMemo();
    const given = asked.map(keysOf);
    expect(given).toEqual(expected);
    expect(given[1]).toBe(given[0]);
    expect(given[2]).toBe(given[0]);
    expect(given[3]).not.toBe(given[0]);
    const backwards = createAggregateKeyMemo();
    expect([...asked].reverse().map(backwards)).toEqual([...expected].reverse());
  });
});
