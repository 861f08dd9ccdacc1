import type { Command } from 'commander';
import { ROLES, loadPrincipalDirectory, type Principal } from '@statledger/intake';
import { addPrincipal, principalsPath } from '@statledger/pipeline';
import { say } from '../output.ts';

export function registerPrincipals(program: Command): void {
  const principals = program
    .command('principals')
    .description('who may use the API, in which role and for which units (the principals file)');
  principals
    .command('add')
    .description(
      'add a principal with a new random token, shown this once; the API nodes read the file when they start',
    )
    .requiredOption('--id <id>', 'e.g. chaoyang-reporter')
    .requiredOption('--role <role>', ROLES.join(', '))
    .requiredOption('--unit <code>', 'the root of the units it acts for: a unit code, or national')
    .option('--name <name>', 'as people call it, e.g. 朝阳区统计员')
    .action((options: { id: string; role: string; unit: string; name?: string }) => {
      const path = principalsPath();
      const principal = {
        id: options.id,
        role: options.role,
        unit: options.unit,
        ...(options.name ? { name: options.name } : {}),
      } as Principal;
      const token = addPrincipal(path, principal);
      say(`added ${principal.id} (${principal.role}, ${principal.unit}) to ${path}`);
      say(`token: ${token}`);
      say('it is not shown again; restart the API nodes to have them read the file');
    });
  principals
    .command('list')
    .description('the principals of the file, without their tokens')
    .action(() => {
      for (const p of loadPrincipalDirectory(principalsPath()).all())
        say(`${p.id.padEnd(28)} ${p.role.padEnd(9)} ${p.unit.padEnd(13)} ${p.name ?? ''}`);
    });
}
