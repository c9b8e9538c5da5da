import type { Command } from 'commander';

// Loaded when a backup or restore runs: node:sqlite (experimental in Node 22) warns when it loads,
// and the other commands have no use for it.
const backupModule = () => import('../../local/backup/folder-backup');

/** Exit codes: done; refused (bad input: not a data folder, a target that is not empty, a damaged backup). */
export const EXIT_DONE = 0;
export const EXIT_REFUSED = 2;

/** `crossclaim backup` and `crossclaim restore` (local/backup/, docs/operations.md). */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'Copy a data folder into a new folder while the runtime keeps running: the store (DynamoDB Local) in one ' +
        'consistent SQLite snapshot, then keys, secrets, journals and the rest, with a manifest of SHA-256 sums.',
    )
    .requiredOption('--to <dir>', 'a new (or empty) folder for the backup')
    .option('--data-dir <dir>', 'the data folder to back up', '.data')
    .option('--table <name>', 'the claims table (its items are counted into the manifest)', 'crossclaim')
    .action(async (options: { to: string; dataDir: string; table: string }) => {
      const { BackupError, backupDataFolder } = await backupModule();
      try {
        const result = await backupDataFolder(options.dataDir, options.to, { tables: [options.table] });
        const items = Object.entries(result.manifest.tables)
          .map(([table, n]) => `${table}: ${n} items`)
          .join(', ');
        console.log(
          `crossclaim: backup of ${result.manifest.source} in ${options.to}: ${result.manifest.files.length} files, ` +
            `${items}; store paused ${result.store.pausedMs} ms, total ${result.ms} ms`,
        );
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        console.error(`crossclaim: backup: ${error.message}`);
        process.exitCode = EXIT_REFUSED;
      }
    });

  program
    .command('restore')
    .description(
      'Put a backup into a new data folder after checking every file against its manifest; then ' +
        '`crossclaim start --data-dir <dir>` resumes the claims that were unfinished when it was taken.',
    )
    .requiredOption('--from <dir>', 'the backup folder (made by crossclaim backup)')
    .requiredOption('--data-dir <dir>', 'a new (or empty) data folder')
    .action(async (options: { from: string; dataDir: string }) => {
      const { BackupError, restoreDataFolder } = await backupModule();
      try {
        const manifest = await restoreDataFolder(options.from, options.dataDir);
        console.log(
          `crossclaim: restored the backup of ${manifest.takenAt} into ${options.dataDir} (${manifest.files.length} files); ` +
            `start it with: crossclaim start --data-dir ${options.dataDir}`,
        );
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        console.error(`crossclaim: restore: ${error.message}`);
        process.exitCode = EXIT_REFUSED;
      }
    });
}
