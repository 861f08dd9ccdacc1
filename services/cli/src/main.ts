#!/usr/bin/env -S node --import tsx
import { Command } from 'commander';
import { registerVerify } from './commands/verify.ts';
import { registerServe } from './commands/serve.ts';
import { registerUnits } from './commands/units.ts';
import { registerSubmit } from './commands/submit.ts';
import { registerReport } from './commands/report.ts';
import { registerHistory } from './commands/history.ts';
import { registerDemo } from './commands/demo.ts';
import { registerQuality } from './commands/quality.ts';
import { registerStats } from './commands/stats.ts';
import { registerRebuild } from './commands/rebuild.ts';
import { registerTarget } from './commands/target.ts';
import { registerBulletin } from './commands/bulletin.ts';
import { registerAudit } from './commands/audit.ts';
import { registerFeed } from './commands/feed.ts';
import { registerExport } from './commands/export.ts';
import { registerBench } from './commands/bench.ts';
import { registerCopy } from './commands/copy.ts';
import { registerPrincipals } from './commands/principals.ts';
import { registerAssess } from './commands/assess.ts';
import { registerFindings } from './commands/findings.ts';
import { sayToStderr } from './output.ts';

const program = new Command()
  .name('statledger')
  .description(
    'event-sourced statistics reporting: submissions, checks, roll-ups and feeds kept as an immutable, hash-chained log',
  )
  .showHelpAfterError();

registerServe(program);
registerUnits(program);
registerSubmit(program);
registerReport(program);
registerHistory(program);
registerDemo(program);
registerQuality(program);
registerStats(program);
registerRebuild(program);
registerTarget(program);
registerBulletin(program);
registerAudit(program);
registerFeed(program);
registerExport(program);
registerVerify(program);
registerCopy(program);
registerPrincipals(program);
registerAssess(program);
registerFindings(program);
registerBench(program);

// `statledger history … | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  sayToStderr(`statledger: ${(error as Error).message}`);
  process.exitCode = 2;
}
