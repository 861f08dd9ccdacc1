import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Severity } from './findings-fold.ts';

const days = z.number().int().min(1).max(365).nullable();

export const followUpPolicySchema = z.object({
  description: z.string().optional(),
  /** Days after a finding is raised until it is due, by severity; null: never due. */
  dueDays: z.object({ error: days, warning: days, info: days }),
  /**
   * How near a later value must stay to one accepted as a structural difference (as a share of it) for the same
   * check to stay quiet in later periods.
   */
  structuralTolerance: z.number().min(0).max(1),
});
export type FollowUpPolicy = z.infer<typeof followUpPolicySchema>;

export const DEFAULT_POLICY: FollowUpPolicy = {
  dueDays: { error: 5, warning: 10, info: null },
  structuralTolerance: 0.2,
};

export function loadFollowUpPolicy(path: string): FollowUpPolicy {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the follow-up policy ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = followUpPolicySchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`the follow-up policy ${path} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The end (midnight, Asia/Shanghai) of the `dueDays`-th day after the work began; null when never due. */
export function dueDateOf(policy: FollowUpPolicy, severity: Severity, openedAt: string): string | null {
  const n = policy.dueDays[severity];
  if (n === null) return null;
  return DateTime.fromISO(openedAt, { zone: 'Asia/Shanghai' })
    .startOf('day')
    .plus({ days: n + 1 })
    .toUTC()
    .toISO()!;
}
