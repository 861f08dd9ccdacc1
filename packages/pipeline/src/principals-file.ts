import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { principalSchema, principalsFileSchema, validate, type Principal } from '@statledger/intake';

export function principalsPath(): string {
  return process.env.STATLEDGER_PRINCIPALS ?? './data/principals.json';
}

/**
 * On first start, a principals file for the example units (Beijing, 东城区): an administrator, a district
 * reporter and a township approver, each with a fresh random token. Returns true when it wrote one.
 */
export function ensurePrincipalsFile(path: string): boolean {
  if (existsSync(path)) return false;
  const token = () => randomBytes(24).toString('base64url');
  const file = {
    principals: [
      { id: 'admin', name: '系统管理员', role: 'admin', unit: 'national', token: token() },
      { id: 'dongcheng-reporter', name: '东城区统计员', role: 'reporter', unit: '110101', token: token() },
      { id: 'donghuamen-approver', name: '东华门街道审核员', role: 'approver', unit: '110101001', token: token() },
      { id: 'beijing-auditor', name: '北京市质量审核员', role: 'auditor', unit: '1101', token: token() },
    ],
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return true;
}

/**
 * Adds a principal with a fresh random token to the file (made if missing) and returns the token, which is shown
 * this once. The file is replaced whole (written aside, then renamed), so a reader never sees half of it.
 */
export function addPrincipal(path: string, principal: Principal): string {
  const token = randomBytes(24).toString('base64url');
  const entry = validate(principalSchema, { ...principal, token });
  const file = existsSync(path)
    ? validate(principalsFileSchema, JSON.parse(readFileSync(path, 'utf8')))
    : { principals: [] };
  if (file.principals.some((p) => p.id === entry.id))
    throw new Error(`principal ${entry.id} is already in ${path}; choose another id`);
  mkdirSync(dirname(path), { recursive: true });
  const draft = `${path}.${process.pid}.new`;
  writeFileSync(draft, `${JSON.stringify({ principals: [...file.principals, entry] }, null, 2)}\n`, { mode: 0o600 });
  renameSync(draft, path);
  return token;
}
