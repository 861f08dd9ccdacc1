/**
 * Positions of log-sequence stores (SQLite, PostgreSQL, in-memory): the 0-based sequence number, zero-padded
 * to 20 digits so that positions compare correctly as plain strings.
 */
const WIDTH = 20;

export function sequencePosition(sequence: number | bigint | string): string {
  return String(sequence).padStart(WIDTH, '0');
}

export function sequenceOf(position: string): number {
  if (!/^\d+$/.test(position)) throw new Error(`'${position}' is not a log position`);
  return Number(position);
}

/** A position as people read it: log-sequence positions without their padding, others as they are. */
export function displayPosition(position: string): string {
  return /^\d+$/.test(position) ? BigInt(position).toString() : position;
}
