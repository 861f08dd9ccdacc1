import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@statledger/event-store';
import { reportStreamName, type ReportCommand, type ReportKey } from '@statledger/domain';
import { contentHashOf, requestHashOf } from '../src/report-service.ts';

// The formulas as first written: hashes stored in the log by then must still match a retried request.
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const storedRequestHash = (key: ReportKey, command: ReportCommand) =>
  sha256(canonicalJson(JSON.parse(JSON.stringify({ key, command }))));
const storedImportKey = (key: ReportKey, command: ReportCommand) =>
  sha256(canonicalJson({ stream: reportStreamName(key), command: JSON.parse(JSON.stringify(command)) }));

describe('request hashes, composed from one canonical text of the command', () => {
  const key = { form: 'sanitation', unitCode: '110101001001', period: '2025-03' } as ReportKey;
  const commands: ReportCommand[] = [
    {
      type: 'SubmitReport',
      ...key,
      values: { SAN_WASTE_COLLECTED: '150.20', SAN_ROAD_AREA: '3' },
      source: undefined,
    } as unknown as ReportCommand,
    {
      type: 'CorrectReport',
      values: { SAN_WASTE_COLLECTED: '1' },
      reason: '按台账更正',
      findingRef: undefined,
    } as unknown as ReportCommand,
  ];

  it.each(commands)('equal the hashes stored by earlier versions ($type)', (command) => {
    expect(requestHashOf(key, command)).toBe(storedRequestHash(key, command));
    expect(contentHashOf(key, command)).toBe(storedImportKey(key, command));
  });

  it('tell two requests apart by key and by content', () => {
    const [submit] = commands;
    expect(requestHashOf({ ...key, period: '2025-04' }, submit!)).not.toBe(requestHashOf(key, submit!));
    expect(contentHashOf(key, { ...submit!, values: { SAN_WASTE_COLLECTED: '150.21' } } as ReportCommand)).not.toBe(
      contentHashOf(key, submit!),
    );
  });
});
