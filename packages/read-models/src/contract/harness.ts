import type { ProjectionStore } from '../projection-store.ts';

/** What a projection adapter hands the contract suite. */
export interface ProjectionHarness {
  name: string;
  /** A fresh, empty projection store. */
  create(): Promise<{ projections: ProjectionStore; dispose(): Promise<void> }>;
  /** Set when the adapter cannot run here; the suite prints this reason and skips. */
  unavailable?: string;
}
