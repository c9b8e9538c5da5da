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
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(`/proc/${pid}/net/${table}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st … inode (the 10th field); st 0A is LISTEN
      const [, local = '', , state, , , , , , inode = ''] = line.trim().split(/\s+/);
      const port = local.split(':')[1];
      if (state === '0A' && inodes.has(inode) && port) ports.add(Number.parseInt(port, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}
