import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile, readJsonFile } from '../../adapters/policy-files';
import { adjudicateDocument } from '../../domain/adjudicate-document';
import { renderExplanationText } from '../../domain/explanation-text';

const root = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/**
 * Until the local runtime lands (the "embedded default" issue), `start` shows what works
 * today: the command's help and one sample adjudication with its explanation of benefits.
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Run crossclaim on this machine (today: the help and a sample adjudication).')
    .action(async () => {
      console.log(program.helpInformation());
      const policy = await loadPolicyFile(root('policies/jiaxing-employee-2026.json'));
      const sample = await readJsonFile(root('test/fixtures/shared/cases/A.json'));
      console.log(renderExplanationText(adjudicateDocument(policy, sample, 'A.json')));
      console.log(
        '\nThe local runtime (API, web pages, simulated hospitals) is not built yet: see README.md.',
      );
    });
}
