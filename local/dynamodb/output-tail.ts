import type { Readable } from 'node:stream';

/**
 * Keeps the last lines a child process wrote, for error messages, and hands each line to a
 * listener. Reading the pipes is also what keeps the JVM from blocking on a full pipe buffer.
 */
export class OutputTail {
  private readonly lines: string[] = [];

  constructor(
    private readonly maxLines: number,
    private readonly onLine: (line: string) => void = () => undefined,
  ) {}

  follow(stream: Readable): void {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const pieces = (partial + chunk).split('\n');
      partial = pieces.pop() ?? '';
      for (const piece of pieces) this.add(piece);
    });
    stream.on('end', () => {
      if (partial !== '') this.add(partial);
      partial = '';
    });
  }

  text(): string {
    return this.lines.join('\n');
  }

  private add(rawLine: string): void {
    const line = rawLine.trimEnd();
    if (line === '') return;
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.shift();
    this.onLine(line);
  }
}
