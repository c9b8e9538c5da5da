import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../functions/shared/observability';

const ID = '330402199001010019';
const ACCOUNT = '6222020200112233445';

/** What the logger writes: Powertools writes each line to stdout (or stderr) through its own console. */
function captured(): string[] {
  const lines: string[] = [];
  const keep = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  return lines;
}

describe('the logger scrubs outside text wherever it sits', () => {
  const level = logger.getLevelName();
  afterEach(() => {
    vi.restoreAllMocks();
    logger.setLogLevel(level);
  });

  it('in the message, in free-text attributes and in an error’s message and stack', () => {
    logger.setLogLevel('INFO');
    const lines = captured();
    logger.warn(`bank refused: 户名测试甲 账号${ACCOUNT}`, {
      cause: `payee ${ID} unknown`,
      detail: { said: `测试乙 ${ID}` },
    });
    logger.error('transfer failed', new Error(`account ${ACCOUNT} of 测试丙 ${ID} is frozen`));
    const text = lines.join('\n');
    expect(lines.filter((l) => l.includes('"level"'))).toHaveLength(2);
    for (const secret of [ID, ACCOUNT, '测试甲', '测试乙', '测试丙']) expect(text).not.toContain(secret);
    expect(text).toContain('****3445');
    expect(text).toContain('3304**********0019');
  });
});
