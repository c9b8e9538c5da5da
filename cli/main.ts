import { Command } from 'commander';
import { registerAccountsCommand } from './commands/accounts';
import { registerAdjudicateCommand } from './commands/adjudicate';
import { registerAuditCommand } from './commands/audit';
import { registerBackupCommands } from './commands/backup';
import { registerChaosCommand } from './commands/chaos';
import { registerCostCommand } from './commands/cost';
import { registerDemoCommand } from './commands/demo';
import { registerEventsCommand } from './commands/events';
import { registerReadReceiptCommand } from './commands/read-receipt';
import { registerReconcileCommand } from './commands/reconcile';
import { registerStartCommand } from './commands/start';
import { registerTokenCommand } from './commands/token';

const program = new Command()
  .name('crossclaim')
  .description('Cross-province medical reimbursement: adjudicate claims under home-region policies.')
  .showHelpAfterError()
  // Usage errors are bad input too: exit code 2, like an invalid case (DESIGN §9).
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

registerAdjudicateCommand(program);
registerStartCommand(program);
registerReconcileCommand(program);
registerAuditCommand(program);
registerTokenCommand(program);
registerReadReceiptCommand(program);
registerDemoCommand(program);
registerCostCommand(program);
registerEventsCommand(program);
registerChaosCommand(program);
registerBackupCommands(program);
registerAccountsCommand(program);

await program.parseAsync(process.argv);
