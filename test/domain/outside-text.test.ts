import { describe, expect, it } from 'vitest';
import { scrubOutsideText } from '../../domain/outside-text';

const ID = '330402199001010019';
const ACCOUNT = '6222020200112233445';

describe('scrubOutsideText: an outside system’s error text, safe to log and store', () => {
  it('masks ID numbers, bank accounts (grouped or not) and mobile numbers', () => {
    const text = `bad payee ${ID}; account ${ACCOUNT} / 6222 0202 0011 2233; call 13812345678`;
    const scrubbed = scrubOutsideText(text);
    expect(scrubbed).not.toContain(ID);
    expect(scrubbed).not.toContain(ACCOUNT);
    expect(scrubbed).not.toContain('6222 0202 0011 2233');
    expect(scrubbed).not.toContain('13812345678');
    expect(scrubbed).toContain('3304**********0019');
    expect(scrubbed).toContain('****3445');
  });

  it('masks a name next to an ID number or account, and a name after a label', () => {
    // Cautious: the words right after a number are masked too (a name may follow it as well).
    expect(scrubOutsideText(`测试甲 ${ID} 账户状态异常`)).toBe('测** 3304**********0019 账***异常');
    expect(scrubOutsideText(`${ID}，测试甲`)).toBe('3304**********0019，测**');
    expect(scrubOutsideText(`账号${ACCOUNT}（样例乙）已冻结`)).toBe('账号****3445（样**）已冻结');
    expect(scrubOutsideText('户名：测试丙 与账号不符')).toBe('户名：测** 与账号不符');
    expect(scrubOutsideText('account name "Test Zhang" does not match')).toBe(
      'account name "T***" does not match',
    );
  });

  it('keeps labels, codes and ordinary numbers readable', () => {
    expect(scrubOutsideText(`身份证号${ID}`)).toBe('身份证号3304**********0019');
    const plain = 'bank unavailable for the transfer of CC-20260301-AB12 (HTTP 503) at 1733280000000';
    expect(scrubOutsideText(plain)).toBe(plain);
    expect(scrubOutsideText('sha256:0123456789012345678901234567abcdef')).toBe(
      'sha256:0123456789012345678901234567abcdef',
    );
  });

  it('masks values the caller knows, wherever the outside system put them', () => {
    const scrubbed = scrubOutsideText('收款账户不存在：样例丁/62220202', ['样例丁', '62220202']);
    expect(scrubbed).not.toContain('样例丁');
    expect(scrubbed).not.toContain('62220202');
  });
});
