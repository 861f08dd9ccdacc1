/**
 * What the reporter's first screen costs: the JavaScript and CSS it loads (gzipped, from the build's manifest), and
 * how long until its work list can be used, in Chromium on loopback against a fresh `statledger serve` (median of 7).
 * Usage: npx -y pnpm@10 console:measure (after the console is built).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median } from 'simple-statistics';
import { repoRoot, spawnTs } from '@statledger/testing';
import { CONSOLE_DIST } from '../index.ts';
import { launchChromium } from '../test/browser.ts';

interface Chunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
}
const manifest = JSON.parse(readFileSync(join(CONSOLE_DIST, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

/** The files a chunk loads before it runs: itself, its static imports (transitively), their CSS. */
function closure(keys: string[]): { js: Set<string>; css: Set<string> } {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key]!;
    if (js.has(chunk.file)) return;
    js.add(chunk.file);
    chunk.css?.forEach((c) => css.add(c));
    chunk.imports?.forEach(visit);
  };
  keys.forEach(visit);
  return { js, css };
}
const gz = (files: Set<string>) =>
  [...files].reduce((sum, file) => sum + gzipSync(readFileSync(join(CONSOLE_DIST, file))).length, 0);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const first = closure([entry, 'src/views/Reports.vue']);
const chart = closure(['src/components/Chart.vue']);
console.log(
  `reporter's first screen: JavaScript ${kib(gz(first.js))} gzipped in ${first.js.size} files, CSS ${kib(gz(first.css))}`,
);
console.log(
  `charts, loaded only by the screens that draw them: ${kib(gz(new Set([...chart.js].filter((f) => !first.js.has(f)))))} gzipped`,
);

const dir = mkdtempSync(join(tmpdir(), 'statledger-measure-'));
const token = 'reporter-token-0123456789abcdef';
writeFileSync(
  join(dir, 'principals.json'),
  JSON.stringify({
    principals: [
      { id: 'dongcheng-reporter', role: 'reporter', unit: '110101', token },
      { id: 'admin', role: 'admin', unit: 'national', token: `admin-${token}` },
    ],
  }),
);
const server = spawnTs(join(repoRoot, 'services/cli/src/main.ts'), ['serve', '--port', '0'], {
  STATLEDGER_STORE: `sqlite:${join(dir, 'store.db')}`,
  STATLEDGER_PRINCIPALS: join(dir, 'principals.json'),
  LOG_LEVEL: 'warn',
});
const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await server.waitForLine(/listening on http:\/\/127\.0\.0\.1:\d+/))![1]!;
await fetch(`${url}/v1/imports/units`, {
  method: 'POST',
  headers: { authorization: `Bearer admin-${token}`, 'content-type': 'text/csv' },
  body: readFileSync(join(repoRoot, 'examples/units.csv')),
});
const browser = await launchChromium();
const timings: number[] = [];
try {
  for (let run = 0; run < 8; run++) {
    // A fresh context each time: nothing cached, signed in as the reporter.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.request.post(`${url}/v1/session`, { data: { token } });
    const started = performance.now();
    await page.goto(`${url}/reports`);
    await page.getByTestId('fill-110101001001').waitFor({ state: 'visible' });
    if (run > 0) timings.push(performance.now() - started);
    await context.close();
  }
} finally {
  await browser.close();
  await server.kill('SIGTERM');
}
console.log(
  `reporter's first screen usable (work list shown, buttons live) after ${median(timings).toFixed(0)} ms median, ${Math.max(...timings).toFixed(0)} ms max, of ${timings.length} loads on loopback`,
);
