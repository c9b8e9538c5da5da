// @ts-check
// Runs inside DynamoDB Local's private network namespace (see network-isolation.ts), beside the
// JVM, as the JVM's own child: it accepts connections on a Unix socket in a folder only this user
// can enter and carries each one to the JVM on the namespace's loopback. The JVM listens on every
// interface of a namespace that has no interface but its own loopback, so nothing outside this
// relay can reach it. Plain JavaScript: it must start without the TypeScript loader.
import { connect, createServer } from 'node:net';

const [socketPath, jvmPort, jvmPid] = process.argv.slice(2);
if (!socketPath || !jvmPort || !jvmPid) {
  process.stderr.write('usage: namespace-relay.mjs <unix socket path> <jvm port> <jvm pid>\n');
  process.exit(2);
}

const server = createServer((client) => {
  const jvm = connect(Number(jvmPort), '127.0.0.1');
  client.pipe(jvm).pipe(client);
  // Either side closing or failing ends both: the SDK retries a broken exchange itself.
  client.on('error', () => jvm.destroy());
  jvm.on('error', () => client.destroy());
});
server.listen(socketPath);

// The shell that started this relay exec'd into the JVM (it passes its own pid, which the JVM
// keeps), so the JVM is our parent: when it ends, or never started, we are re-parented and leave.
const leaveWithoutJvm = () => {
  if (process.ppid !== Number(jvmPid)) process.exit(0);
};
leaveWithoutJvm();
setInterval(leaveWithoutJvm, 500).unref();
