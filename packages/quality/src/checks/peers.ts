import { round, type Finding } from '../finding.ts';
import { OUTLIER_EXTREME, OUTLIER_MODERATE, modifiedZ, modifiedZAgainstOthers, type ModifiedZ } from '../statistics.ts';

/** With fewer siblings the MAD is too unsteady: small groups made ordinary units look extreme. */
export const MIN_PEERS = 10;

/**
 * A unit far from its siblings under the same parent: the modified z-score of ln(value) against ln of the
 * siblings' values. Logarithms because village magnitudes are skewed over orders of magnitude: on the raw
 * scale every large village would look like an outlier. |M| > 5 is extreme (a warning), 3.5 < |M| ≤ 5
 * moderate (info): villages differ by nature, and only a gap beyond that is worth an approver's time.
 */
export function checkPeers(indicator: string, value: number, siblings: readonly number[]): Finding[] {
  const peers = siblings.filter((v) => v > 0);
  if (value <= 0 || peers.length < MIN_PEERS) return [];
  return peerFinding(indicator, value, modifiedZ(Math.log(value), peers.map(Math.log)), peers.length);
}

/**
 * Every sibling's score against the others at once (see modifiedZAgainstOthers): the scores of the units with
 * a value above 0, by position in `values`; none where fewer than 10 others have one.
 */
export function peerScores(values: readonly (number | undefined)[]): (ModifiedZ | undefined)[] {
  const positive = values.flatMap((v, i) => (v !== undefined && v > 0 ? [i] : []));
  if (positive.length - 1 < MIN_PEERS) return values.map(() => undefined);
  const scores = modifiedZAgainstOthers(positive.map((i) => Math.log(values[i]!)));
  const byPosition: (ModifiedZ | undefined)[] = values.map(() => undefined);
  positive.forEach((i, k) => (byPosition[i] = scores[k]));
  return byPosition;
}

/** How many members have a score: the peers each one is scored against, itself included. */
const peerCount = (scores: readonly unknown[]) => scores.filter((z) => z !== undefined).length;

/** The finding for a unit whose ln-value scores `z` against its `peers` siblings; none within 3.5. */
export function peerFinding(indicator: string, value: number, z: ModifiedZ, peers: number): Finding[] {
  if (Math.abs(z.m) <= OUTLIER_MODERATE) return [];
  const grade = Math.abs(z.m) > OUTLIER_EXTREME ? 'extreme' : 'moderate';
  return [
    {
      code: 'PEER_OUTLIER',
      severity: grade === 'extreme' ? 'warning' : 'info',
      indicator,
      message: `${indicator} = ${value} is an ${grade} outlier among its ${peers} sibling units (their median ${round(Math.exp(z.median), 4)}, modified z of the logarithm ${round(z.m, 2)}, limits ${OUTLIER_MODERATE} moderate and ${OUTLIER_EXTREME} extreme)`,
      evidence: {
        value,
        peers,
        medianOfPeers: round(Math.exp(z.median), 6),
        lnValue: round(Math.log(value), 6),
        lnMedian: round(z.median, 6),
        lnMad: round(z.mad, 6),
        m: round(z.m, 4),
        grade,
        formula: `${z.formula} over ln(value)`,
        thresholds: { moderate: OUTLIER_MODERATE, extreme: OUTLIER_EXTREME },
      },
    },
  ];
}

/**
 * The peer check of a whole group for one indicator: each member's value now against the others, by position in
 * `now`. A member that stood as far from them, in the same direction, last period (`before`, asked for only when
 * something is found) is large or small by nature, not by error: said (info), not warned.
 */
export function checkPeerGroup(
  indicator: string,
  now: readonly (number | undefined)[],
  before: () => readonly (number | undefined)[],
): Finding[][] {
  const scores = peerScores(now);
  let then: ReturnType<typeof peerScores> | undefined;
  return now.map((value, i) => {
    const z = scores[i];
    const found = z ? peerFinding(indicator, value!, z, peerCount(scores) - 1) : [];
    if (found.length === 0) return found;
    then ??= peerScores(before());
    const persistent =
      then[i] !== undefined && Math.abs(then[i]!.m) > OUTLIER_MODERATE && Math.sign(then[i]!.m) === Math.sign(z!.m);
    if (!persistent) return found;
    return found.map((f) => ({
      ...f,
      severity: 'info' as const,
      message: `${f.message}; as far as last period (persistent)`,
      evidence: { ...f.evidence, persistent: true },
    }));
  });
}
