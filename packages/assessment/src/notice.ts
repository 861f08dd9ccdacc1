import type { Scheme } from './scheme.ts';
import type { ScorecardWithChange } from './service.ts';

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const fixed = (n: number) => n.toFixed(2);

/** A unit's points per group of the scheme. */
function groupTotals(scheme: Scheme, unit: ScorecardWithChange['units'][number]) {
  return scheme.groups.map((g) => unit.lines.filter((l) => l.group === g.code).reduce((s, l) => s + l.score, 0));
}

function remarkOf(unit: ScorecardWithChange['units'][number]): string {
  const remarks = [];
  if (unit.vetoed) remarks.push('一票否决');
  if (unit.capped) remarks.push(`封顶${unit.capped.maxTotal}分：${unit.capped.reason}`);
  if (unit.rank === null) remarks.push(`报表不足${unit.reports}份，不参与排名`);
  if (unit.tiedWith.length) remarks.push(`与${unit.tiedWith.length}个单位名次无统计学差异`);
  return remarks.join('；');
}

const change = (unit: ScorecardWithChange['units'][number]) => {
  if (!unit.previous || unit.previous.rank === null || unit.rank === null) return '—';
  const moved = unit.previous.rank - unit.rank;
  return moved > 0 ? `↑${moved}` : moved < 0 ? `↓${-moved}` : '—';
};

/**
 * The official notice (通报) of an assessment: an A4 page in Chinese, a row per unit with its place, total, grade, the
 * points of each group, the range of places it could have taken and its change; the content hash and log position
 * at the foot, so that anyone with the log can check it.
 */
export function noticeHtml(
  scheme: Scheme,
  card: ScorecardWithChange,
  meta: { rootName: string; contentHash: string; publishedAt?: string },
): string {
  const title = `${meta.rootName}${card.period.replace(/^(\d{4})$/, '$1年度')}${scheme.name}结果通报`;
  const head = ['名次', '单位', '总分', '等级', ...scheme.groups.map((g) => g.name), '名次区间', '较上期', '备注'];
  const rows = card.units.map((u) => [
    u.rank === null ? '—' : String(u.rank),
    u.name ?? u.unit,
    fixed(u.total),
    u.grade,
    ...groupTotals(scheme, u).map(fixed),
    u.rankInterval ? `${u.rankInterval[0]}–${u.rankInterval[1]}` : '—',
    change(u),
    remarkOf(u),
  ]);
  const level = Math.round(card.stability.level * 100);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
@page { size: A4; margin: 25mm 20mm; }
body { font-family: 'Noto Serif CJK SC', 'Source Han Serif SC', SimSun, serif; font-size: 12pt; line-height: 1.6; color: #000; }
h1 { font-family: 'Noto Sans CJK SC', SimHei, sans-serif; font-size: 18pt; text-align: center; margin: 0 0 12pt; letter-spacing: 0.1em; }
p { text-indent: 2em; margin: 0 0 8pt; }
table { width: 100%; border-collapse: collapse; font-size: 10.5pt; page-break-inside: auto; }
th, td { border: 0.5pt solid #000; padding: 3pt 4pt; text-align: center; }
td:nth-child(2) { text-align: left; }
tr { page-break-inside: avoid; }
.foot { margin-top: 12pt; font-size: 9pt; color: #333; text-indent: 0; word-break: break-all; }
</style></head><body>
<h1>${escape(title)}</h1>
<p>根据《${escape(scheme.name)}》（${escape(scheme.code)} ${escape(card.version)}），依据截至日志位置 ${Number(card.asOfPosition ?? 0)} 的报表、数据质量核查和抽查核查记录，对${escape(meta.rootName)}所辖${card.units.length}个单位进行考评，结果通报如下。名次区间为对各单位报表与抽查复核结果重抽样${card.stability.resamples}次（种子 ${card.stability.seed}）所得${level}%区间，区间重叠的单位名次无统计学差异。</p>
<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
<p class="foot">内容哈希（SHA-256，规范JSON）：${meta.contentHash}。核验：statledger assess verify --scheme ${escape(card.scheme)} --root ${card.root} --period ${card.period}${meta.publishedAt ? `；发布于 ${escape(meta.publishedAt)}` : ''}。</p>
</body></html>
`;
}

/** The notice as CSV: a row per unit and line, for the units' own files. */
export function noticeRows(card: ScorecardWithChange) {
  return card.units.flatMap((u) =>
    u.lines.map((l) => ({
      rank: u.rank ?? '',
      unit: u.unit,
      name: u.name ?? '',
      total: fixed(u.total),
      grade: u.grade,
      group: l.group,
      indicator: l.indicator,
      value: l.value ?? '',
      score: fixed(l.score),
      basis: l.basis,
    })),
  );
}
