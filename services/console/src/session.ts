import { reactive } from 'vue';
import { api } from './api.ts';

export type Role = 'reporter' | 'approver' | 'auditor' | 'bureau' | 'admin';

export interface Principal {
  id: string;
  name?: string;
  role: Role;
  /** The root of the units the principal acts for: a 12-digit code, or 'national'. */
  unit: string;
  unitName: string | null;
}

/** Who is signed in, as the API says; the API stays the only authority on what they may see and do. */
export const session = reactive<{ principal: Principal | null; checked: boolean }>({ principal: null, checked: false });

export async function loadSession(): Promise<Principal | null> {
  try {
    session.principal = (await api<{ principal: Principal | null }>('GET', '/v1/session')).principal;
  } catch {
    session.principal = null;
  }
  session.checked = true;
  return session.principal;
}

export async function signIn(token: string): Promise<Principal> {
  session.principal = (await api<{ principal: Principal }>('POST', '/v1/session', { token })).principal;
  session.checked = true;
  return session.principal;
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/v1/session').catch(() => undefined);
  session.principal = null;
}

/** The screens a role works in, in menu order. */
export const SCREENS: Record<Role, string[]> = {
  reporter: ['reports', 'findings', 'history', 'statistics', 'assessments'],
  approver: ['approvals', 'findings', 'quality', 'history', 'statistics', 'assessments'],
  auditor: ['quality', 'findings', 'audits', 'assessments', 'history', 'statistics'],
  bureau: ['statistics', 'assessments', 'quality', 'findings', 'history'],
  admin: ['reports', 'approvals', 'quality', 'findings', 'audits', 'assessments', 'history', 'statistics'],
};

/** The unit a principal's screens start from: its own, or the example city for a national one. */
export const homeUnit = (principal: Principal) => (principal.unit === 'national' ? '110100000000' : principal.unit);
