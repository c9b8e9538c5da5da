import { readFile, readlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { JVM_PORT_IN_NAMESPACE } from '../../../local/dynamodb/network-isolation';
import { nonLoopbackAddress, tryConnect } from '../../support/network';

// DynamoDB Local listens on every interface and has no option against it; the launcher runs it
// in a private network namespace, reached only through a relay on 127.0.0.1.
describe('DynamoDB Local: unreachable from other machines', () => {
  let dynamo: DynamoDbLocal;
  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
  });
  afterAll(() => dynamo.stop());

  it('answers on 127.0.0.1', async () => {
    expect(await tryConnect('127.0.0.1', dynamo.port)).toBe('connected');
  });

  it('refuses a connection to a non-loopback address of this machine, on its port and the JVM’s', async (context) => {
    const address = nonLoopbackAddress();
    if (address === undefined) {
      context.skip('this machine has no non-loopback IPv4 address: nothing proven here');
      return;
    }
    expect(await tryConnect(address, dynamo.port, address)).toBe('ECONNREFUSED');
    expect(await tryConnect(address, JVM_PORT_IN_NAMESPACE, address)).not.toBe('connected');
  });

  it('runs the JVM in a network namespace of its own, whose only interface is loopback', async () => {
    expect(await readlink(`/proc/${dynamo.pid}/ns/net`)).not.toBe(await readlink('/proc/self/ns/net'));
    const interfaces = (await readFile(`/proc/${dynamo.pid}/net/dev`, 'utf8'))
      .split('\n')
      .slice(2)
      .map((line) => line.split(':')[0]?.trim())
      .filter(Boolean);
    expect(interfaces).toEqual(['lo']);
  });
});
