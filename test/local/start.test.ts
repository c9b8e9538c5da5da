import { createServer } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../local/dynamodb/free-port';
import { DEFAULT_PORTS, PortInUseError, startSystem } from '../../local/start';

describe('npm start: a port in use', () => {
  it('stops before starting anything, naming the port and the option that changes it', async () => {
    const taken = await findFreePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
    const dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-start-'));
    try {
      const ports = { ...DEFAULT_PORTS, dynamodb: await findFreePort(), api: taken };
      const attempt = startSystem({
        dataDir: join(dataDir, 'data'),
        seed: 's',
        tableName: 'crossclaim',
        logLevel: 'SILENT',
        ports,
        print: () => undefined,
      });
      await expect(attempt).rejects.toThrow(PortInUseError);
      await expect(attempt).rejects.toThrow(`port ${taken} (api) is in use on 127.0.0.1`);
      await expect(attempt).rejects.toThrow('--api-port <port>');
      // Nothing was started, nothing was written.
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      holder.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
