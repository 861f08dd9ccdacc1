import { readFileSync } from 'node:fs';
import { timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';
import { isWithinSubtree, unitCodeSchema, type UnitCode } from '@statledger/domain';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import { validate } from './validate.ts';

export const ROLES = ['reporter', 'approver', 'auditor', 'bureau', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const principalSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  role: z.enum(ROLES),
  /** Root of the unit subtree the principal acts within; 'national' for the whole country. */
  unit: z.union([z.literal('national'), unitCodeSchema]),
  token: z.string().min(16, 'a bearer token has at least 16 characters'),
});
export type Principal = Omit<z.infer<typeof principalSchema>, 'token'>;

export const principalsFileSchema = z
  .object({ principals: z.array(principalSchema).min(1) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.principals.forEach((p, i) => {
      if (seen.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['principals', i, 'id'], message: `principal id ${p.id} appears twice` });
      seen.add(p.id);
    });
  });

export type Action =
  | 'submit'
  | 'correct'
  | 'return'
  | 'approve'
  | 'reopen'
  | 'read'
  | 'import-units'
  | 'audit'
  | 'assess'
  | 'appeal'
  /** Answer a quality finding: say why the value is true. */
  | 'explain'
  /** Follow a finding up from above: accept or reject an explanation, assign, escalate, reopen. */
  | 'review';

const ALLOWED: Record<Role, readonly Action[]> = {
  reporter: ['submit', 'correct', 'read', 'appeal', 'explain'],
  approver: ['return', 'approve', 'reopen', 'read', 'appeal', 'review'],
  auditor: ['read', 'audit', 'assess', 'review'],
  bureau: ['read', 'assess'],
  admin: [
    'submit',
    'correct',
    'return',
    'approve',
    'reopen',
    'read',
    'import-units',
    'audit',
    'assess',
    'appeal',
    'explain',
    'review',
  ],
};

export interface PrincipalDirectory {
  authenticate(authorization: string | undefined): Principal;
  byId(id: string): Principal | undefined;
  all(): Principal[];
}

export function createPrincipalDirectory(config: unknown, origin = 'principals'): PrincipalDirectory {
  let parsed: z.infer<typeof principalsFileSchema>;
  try {
    parsed = validate(principalsFileSchema, config);
  } catch (error) {
    throw new Error(`${origin} is invalid: ${(error as Error).message}`, { cause: error });
  }
  const entries = parsed.principals.map(({ token, ...principal }) => ({ digest: sha256(token), principal }));
  return {
    authenticate(authorization) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (!token) throw new UnauthenticatedError('send an Authorization: Bearer <token> header');
      const digest = sha256(token);
      // Compare digests in constant time so response timing does not leak token prefixes.
      const match = entries.find((e) => timingSafeEqual(e.digest, digest));
      if (!match) throw new UnauthenticatedError('the bearer token is not known; ask an administrator for one');
      return match.principal;
    },
    byId: (id) => entries.find((e) => e.principal.id === id)?.principal,
    all: () => entries.map((e) => e.principal),
  };
}

export function loadPrincipalDirectory(path: string): PrincipalDirectory {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the principals file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return createPrincipalDirectory(content, path);
}

/** Whether the principal's role may take the action at all, wherever. */
export function authorizeAction(principal: Principal, action: Action): void {
  if (!ALLOWED[principal.role].includes(action)) {
    const roles =
      (Object.keys(ALLOWED) as Role[]).filter((r) => r !== 'admin' && ALLOWED[r].includes(action)).join(' or ') ||
      'admin';
    throw new ForbiddenError(
      `${article(principal.role)} ${principal.role} may not ${action}; ${principal.id} needs the role ${roles}`,
    );
  }
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** A principal may act only in its own subtree and only as its role allows. */
export function authorize(principal: Principal, action: Action, unit: UnitCode): void {
  authorizeAction(principal, action);
  if (principal.unit !== 'national' && !isWithinSubtree(unit, principal.unit)) {
    throw new ForbiddenError(
      `${principal.id} acts for ${principal.unit} and its subordinate units; ${unit} is outside that subtree`,
    );
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
