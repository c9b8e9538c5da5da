import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * The TCP ports a process listens on, read from /proc (Linux): its socket inodes matched
 * against the kernel's LISTEN entries. Asking the process itself, not probing a port number,
 * keeps the answer true when another process happens to take a port the test once saw free.
 */
export async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]);
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(`/proc/${pid}/net/${table}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local_address rem_address st ... inode (index 9); st 0A is LISTEN
      if (fields.length > 9 && fields[3] === '0A' && inodes.has(fields[9])) {
        ports.add(Number.parseInt(fields[1].split(':')[1], 16));
      }
    }
  }
  return [...ports].sort((a, b) => a - b);
}
