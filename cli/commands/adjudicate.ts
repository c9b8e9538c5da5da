import { Option, type Command } from 'commander';
import { basename } from 'node:path';
import { readJsonFile, loadPolicyFile } from '../../adapters/policy-files';
import { adjudicateDocument } from '../../domain/adjudicate-document';
import type { AdjudicationResult } from '../../domain/adjudication';
import { renderExplanationText } from '../../domain/explanation-text';
import type { CompiledPolicy } from '../../domain/policy';
import { InvalidInputError } from '../../domain/validation';

export const EXIT_INVALID_INPUT = 2;

/** Prints every issue of a bad input to stderr, one line each: subject, field, reason. */
export function reportInvalidInput(error: InvalidInputError): void {
  for (const issue of error.issues) {
    console.error(`crossclaim: ${error.subject}: ${issue.path || '(document)'}: ${issue.message}`);
  }
}

async function adjudicateFile(policy: CompiledPolicy, file: string): Promise<AdjudicationResult> {
  return adjudicateDocument(policy, await readJsonFile(file), basename(file));
}

export function registerAdjudicateCommand(program: Command): void {
  program
    .command('adjudicate')
    .description(
      'Adjudicate cases against a policy. One case: one JSON object on stdout; several: one JSON object per line, in order. ' +
        'Invalid cases: exit code 2, the case, field and reason on stderr, nothing on stdout for that case.',
    )
    .requiredOption('--policy <policy.json>', 'the home-region policy file')
    .addOption(
      new Option('--format <format>', 'json for machines, text for the explanation a citizen reads')
        .choices(['json', 'text'])
        .default('json'),
    )
    .argument('<cases...>', 'case files in the format of shared/data/cases')
    .action(async (files: string[], options: { policy: string; format: 'json' | 'text' }) => {
      let policy: CompiledPolicy;
      try {
        policy = await loadPolicyFile(options.policy);
      } catch (error) {
        if (error instanceof InvalidInputError) {
          reportInvalidInput(error);
          process.exitCode = EXIT_INVALID_INPUT;
          return;
        }
        throw error;
      }
      for (const file of files) {
        try {
          const result = await adjudicateFile(policy, file);
          if (options.format === 'text') process.stdout.write(`${renderExplanationText(result)}\n\n`);
          else process.stdout.write(`${JSON.stringify(result, null, files.length === 1 ? 2 : undefined)}\n`);
        } catch (error) {
          if (error instanceof InvalidInputError) {
            reportInvalidInput(error);
            process.exitCode = EXIT_INVALID_INPUT;
          } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            console.error(`crossclaim: ${file}: (file): not found`);
            process.exitCode = EXIT_INVALID_INPUT;
          } else {
            throw error;
          }
        }
      }
    });
}
