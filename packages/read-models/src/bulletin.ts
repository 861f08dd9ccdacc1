import {
  Decimal,
  formatPeriod,
  parsePeriod,
  plainDecimal,
  samePeriodLastYear,
  type FormCatalogue,
  type UnitCode,
} from '@statledger/domain';
import { ratio } from './decimal.ts';
import type { Figure } from './rollup.ts';
import type { Statistics } from './stats.ts';

export interface BulletinRow {
  unit: UnitCode;
  name: string;
  form: string;
  formName: string;
  indicator: string;
  indicatorName: string;
  unitOfMeasure: string;
  value: string | null;
  lastYear: string | null;
  /** (value − last year) / last year, in %. */
  changePct: string | null;
  target: string | null;
  targetProgressPct: string | null;
  completenessPct: string | null;
  timelinessPct: string | null;
  status: string;
}

export function lastYearOf(period: string): string {
  return formatPeriod(samePeriodLastYear(parsePeriod(period)));
}

/**
 * The bulletin's rows: for each district of the city and each indicator of a form, the figure, the same
 * period last year and the change, the target and progress where one is set, completeness and timeliness.
 */
export function bulletinRows(
  catalogue: FormCatalogue,
  names: (unit: UnitCode) => string,
  now: Statistics,
  lastYear: Statistics,
): BulletinRow[] {
  const form = catalogue.get(now.form);
  const before = new Map(lastYear.children.map((f) => [f.unit, f]));
  const pct = (n: number, d: number) => (d ? ratio(String(n), String(d), 100, 1) : null);
  return now.children.flatMap((figure: Figure) =>
    form.indicators.map((indicator) => {
      const value = figure.values[indicator.code] ?? figure.derived[indicator.code] ?? null;
      const previous = before.get(figure.unit);
      const prior = previous ? (previous.values[indicator.code] ?? previous.derived[indicator.code] ?? null) : null;
      // In decimals: 20.00 → 20.61 is +3.1 %, where floats gave 3.0, and tiny or huge figures no exponents.
      const changePct =
        value !== null && prior !== null ? ratio(plainDecimal(new Decimal(value).minus(prior)), prior, 100, 1) : null;
      const target = figure.targets?.[indicator.code];
      return {
        unit: figure.unit,
        name: names(figure.unit),
        form: form.code,
        formName: form.name,
        indicator: indicator.code,
        indicatorName: indicator.name,
        unitOfMeasure:
          'unitMultiplier' in indicator && indicator.unitMultiplier
            ? `10^${indicator.unitMultiplier} ${indicator.unit}`
            : indicator.unit,
        value,
        lastYear: prior,
        changePct,
        target: target?.target ?? null,
        targetProgressPct: target?.progress ?? null,
        completenessPct: pct(figure.received, figure.expected),
        timelinessPct: pct(figure.onTime, figure.expected),
        status: figure.status,
      };
    }),
  );
}

/**
 * The bulletin of a city for a quarter, every form: its title and rows, the figures asked of `statistics` (the
 * projection's present figures, in the CLI and the API alike).
 */
export async function cityBulletin(
  catalogue: FormCatalogue,
  names: (unit: UnitCode) => string,
  statistics: (query: { form: string; unit: UnitCode; period: string }) => Promise<Statistics>,
  city: UnitCode,
  period: string,
): Promise<{ title: string; rows: BulletinRow[] }> {
  const rows: BulletinRow[] = [];
  for (const form of catalogue.forms.keys()) {
    const ask = (p: string) => statistics({ form, unit: city, period: p });
    rows.push(...bulletinRows(catalogue, names, await ask(period), await ask(lastYearOf(period))));
  }
  return { title: `${names(city)} ${period} 统计公报 (statistical bulletin)`, rows };
}

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A readable page: one table per form, a row per district, value and change for each indicator. */
export function bulletinHtml(title: string, rows: BulletinRow[]): string {
  const forms = [...new Set(rows.map((r) => r.form))];
  const sections = forms.map((form) => {
    const ofForm = rows.filter((r) => r.form === form);
    const indicators = [...new Map(ofForm.map((r) => [r.indicator, r])).values()];
    const units = [...new Map(ofForm.map((r) => [r.unit, r])).values()];
    const cell = (r: BulletinRow | undefined) =>
      r
        ? `<td>${escape(r.value ?? '—')}${r.changePct !== null ? `<br><small class="${Number(r.changePct) < 0 ? 'down' : 'up'}">${Number(r.changePct) > 0 ? '+' : ''}${escape(r.changePct)} %</small>` : ''}${r.targetProgressPct !== null ? `<br><small>目标完成 ${escape(r.targetProgressPct)} %</small>` : ''}</td>`
        : '<td>—</td>';
    const body = units
      .map(
        (u) =>
          `<tr><th>${escape(u.name)}<br><small>${u.unit}</small></th>${indicators.map((i) => cell(ofForm.find((r) => r.unit === u.unit && r.indicator === i.indicator))).join('')}<td>${escape(u.completenessPct ?? '—')} %</td><td>${escape(u.timelinessPct ?? '—')} %</td><td>${escape(u.status)}</td></tr>`,
      )
      .join('\n');
    const head = indicators
      .map((i) => `<th>${escape(i.indicatorName)}<br><small>${escape(i.unitOfMeasure)}</small></th>`)
      .join('');
    return `<h2>${escape(ofForm[0]!.formName)} <small>${escape(form)}</small></h2>\n<table>\n<tr><th>区县</th>${head}<th>完整率</th><th>及时率</th><th>状态</th></tr>\n${body}\n</table>`;
  });
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}th,td{border:1px solid #bbb;padding:4px 8px;text-align:right;vertical-align:top}th{background:#f3f3f3}small{color:#555}.up{color:#a40000}.down{color:#006400}</style>
</head><body>
<h1>${escape(title)}</h1>
<p>同比: change against the same period of the previous year. 完整率 = received / expected reports; 及时率 = reports on time / expected.</p>
${sections.join('\n')}
</body></html>
`;
}
