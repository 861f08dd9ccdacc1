#!/usr/bin/env -S node --import tsx
import { Command } from 'commander';
import { registerVerify } from './commands/verify.ts';

const program = new Command()
  .name('statledger')
  .description('event-sourced statistics reporting: submissions, checks, roll-ups and feeds kept as an immutable, hash-chained log')
  .showHelpAfterError();

registerVerify(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`statledger: ${(error as Error).message}`);
  process.exitCode = 2;
}
