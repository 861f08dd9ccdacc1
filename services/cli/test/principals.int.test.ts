import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrincipalDirectory } from '@statledger/intake';
import { spawnTs } from '@statledger/testing';
import { cli } from './serve-fixture.ts';

describe('statledger principals', () => {
  it('adds principals with tokens shown once, refuses a repeated id or an unknown role, and lists them without tokens', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'statledger-principals-')), 'principals.json');
    const run = async (...args: string[]) => {
      const child = spawnTs(cli, ['principals', ...args], { STATLEDGER_PRINCIPALS: path });
      return { code: await child.exited, out: child.output() };
    };
    const added = await run(
      'add',
      '--id',
      'chaoyang-reporter',
      '--role',
      'reporter',
      '--unit',
      '110105',
      '--name',
      '朝阳区统计员',
    );
    expect(added.code, added.out).toBe(0);
    const token = /token: (\S+)/.exec(added.out)![1]!;
    expect((await run('add', '--id', 'city-admin', '--role', 'admin', '--unit', 'national')).code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadPrincipalDirectory(path).authenticate(`Bearer ${token}`)).toMatchObject({
      id: 'chaoyang-reporter',
      role: 'reporter',
      unit: '110105000000',
    });

    const again = await run('add', '--id', 'chaoyang-reporter', '--role', 'reporter', '--unit', '110105');
    expect([again.code, again.out]).toEqual([2, expect.stringContaining('already in')]);
    const badRole = await run('add', '--id', 'x', '--role', 'superuser', '--unit', '1101');
    expect([badRole.code, badRole.out]).toEqual([2, expect.stringContaining('role')]);

    const listed = await run('list');
    expect(listed.out).toMatch(/chaoyang-reporter\s+reporter\s+110105000000\s+朝阳区统计员/);
    expect(listed.out).not.toContain(token);
  });
});
