import { format } from 'node:util';
import { printable } from '@statledger/domain';

/**
 * What the CLI prints for people. Text from the log (a reason, a name, a message) may hold control characters
 * written before they were refused at input; they are shown as \u{…} escapes, never acted on by the terminal.
 * Line breaks and tabs of the CLI's own layout stay.
 */
const shown = (args: unknown[]) =>
  format(...args)
    .split('\n')
    .map((line) => line.split('\t').map(printable).join('\t'))
    .join('\n');

export const say = (...args: unknown[]): void => void process.stdout.write(`${shown(args)}\n`);
export const sayToStderr = (...args: unknown[]): void => void process.stderr.write(`${shown(args)}\n`);
