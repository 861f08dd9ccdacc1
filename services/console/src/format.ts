/** Periods, units of measure and instants as the console shows them (instants in Asia/Shanghai, 统计标准时间). */

export type PeriodType = 'month' | 'quarter' | 'year';

const zone = 'Asia/Shanghai';

/**
 * The periods of a type that have ended, newest first: the ones reports can be made for. Months end in Asia/Shanghai
 * (统计标准时间), as the server's deadlines do, whatever zone the browser is in.
 */
export function recentPeriods(type: PeriodType, count: number, today = new Date()): string[] {
  const periods: string[] = [];
  const [thisYear, thisMonth] = shanghaiDay(today).split('-').map(Number) as [number, number];
  let year = thisYear;
  if (type === 'month') {
    let month = thisMonth - 1; // the previous month, 1-based
    for (let i = 0; i < count; i++) {
      if (month === 0) {
        month = 12;
        year--;
      }
      periods.push(`${year}-${String(month).padStart(2, '0')}`);
      month--;
    }
  } else if (type === 'quarter') {
    let quarter = Math.floor((thisMonth - 1) / 3); // the previous quarter, 1-based
    for (let i = 0; i < count; i++) {
      if (quarter === 0) {
        quarter = 4;
        year--;
      }
      periods.push(`${year}-Q${quarter}`);
      quarter--;
    }
  } else for (let i = 1; i <= count; i++) periods.push(String(year - i));
  return periods;
}

/** The quarter a month or quarter falls in. */
export const quarterOf = (period: string) =>
  /-Q\d$/.test(period) ? period : `${period.slice(0, 4)}-Q${Math.ceil(Number(period.slice(5, 7)) / 3)}`;

/** The 12-digit code in its short form, as people write it (110101001 for 东华门街道). */
export const shortCode = (code: string) => code.replace(/(000)+$/, '').replace(/^(\d{4})00$/, '$1');

export function instant(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** 2026-11-30 in Asia/Shanghai, for date pickers and as-of questions. */
export function shanghaiDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(date);
}

/**
 * Evidence files stay on the user's machine: only their SHA-256, computed here in the browser, and their names go
 * into the log.
 */
export async function evidenceOf(files: FileList | null): Promise<{ sha256: string; description: string }[]> {
  const evidence = [];
  for (const file of Array.from(files ?? [])) {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    evidence.push({
      sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
      description: file.name,
    });
  }
  return evidence;
}
