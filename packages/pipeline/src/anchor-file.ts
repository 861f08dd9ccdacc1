import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isGenuineAnchor, type ChainAnchor } from '@statledger/event-store';
import { principalsPath } from './principals-file.ts';

/** Where chain-head anchors are kept: STATLEDGER_ANCHORS, else beside the principals file (./data/anchors.jsonl). */
export function anchorsPath(): string {
  return process.env.STATLEDGER_ANCHORS ?? join(dirname(principalsPath()), 'anchors.jsonl');
}

/**
 * The anchors of `log` in the file, one JSON object a line, appended and never rewritten; anchors of other logs
 * (another store kept beside this one) are left out. Lines whose MAC does not match the server secret are returned
 * apart: someone altered the file, or it belongs to another deployment.
 */
export function readAnchors(
  path: string,
  secret: Uint8Array,
  log: string,
): { anchors: ChainAnchor[]; notGenuine: number[] } {
  if (!existsSync(path)) return { anchors: [], notGenuine: [] };
  const anchors: ChainAnchor[] = [];
  const notGenuine: number[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let anchor: ChainAnchor | undefined;
      try {
        anchor = JSON.parse(line) as ChainAnchor;
      } catch {
        anchor = undefined;
      }
      if (!anchor || typeof anchor.mac !== 'string' || !isGenuineAnchor(anchor, secret)) notGenuine.push(i + 1);
      else if (anchor.log === undefined || anchor.log === log) anchors.push(anchor);
    });
  return { anchors, notGenuine };
}

export function appendAnchor(path: string, anchor: ChainAnchor): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
}
