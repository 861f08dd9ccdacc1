import { userInfo } from 'node:os';
import { loadPrincipalDirectory, type Principal } from '@statledger/intake';
import { principalsPath } from '@statledger/pipeline';

/**
 * Who a local command acts as: `--as ID` picks a principal from the principals file; without it, the
 * local operator, who can already write the store file and so acts as a national administrator.
 */
export function cliPrincipal(as: string | undefined): Principal {
  if (!as) return { id: `cli:${userInfo().username}`, role: 'admin', unit: 'national' };
  const principal = loadPrincipalDirectory(principalsPath()).byId(as);
  if (!principal) throw new Error(`no principal '${as}' in ${principalsPath()}`);
  return principal;
}
