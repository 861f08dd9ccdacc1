import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { principalsPath } from './principals-file.ts';

/** Where the server secret lives: STATLEDGER_SECRET_FILE, else beside the principals file (./data/secret.key). */
export function secretPath(): string {
  return process.env.STATLEDGER_SECRET_FILE ?? join(dirname(principalsPath()), 'secret.key');
}

/**
 * The server secret: 32 random bytes, made on first use with mode 0600 and never stored in the database. It
 * keys covert plan ids (so they cannot be guessed from a plan's parameters) and the MACs of the chain-head
 * anchors (so that someone who can write the database cannot write a matching anchor). Every process of one
 * deployment reads the same file; losing it loses nothing in the log, only the power to check old anchors.
 */
export function loadSecret(path = secretPath()): Buffer {
  if (!existsSync(path)) makeSecret(path);
  const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (secret.length < 32)
    throw new Error(
      `${path} does not hold a secret of 32 bytes (base64); remove it to have a new one made, or restore it from the deployment's copy`,
    );
  chmodSync(path, 0o600);
  return secret;
}

/**
 * Writes a new secret beside `path` and links it into place: the link appears whole or not at all, so of several
 * processes starting together one secret wins and the others read it, never a half-written file.
 */
function makeSecret(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const draft = `${path}.${process.pid}.new`;
  writeFileSync(draft, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
}
