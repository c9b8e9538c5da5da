import { describe, expect, it } from 'vitest';
import { scanForPersonalData } from '../../domain/personal-data-scan';

describe('scanForPersonalData: what the log/notification scan counts', () => {
  const names = ['测试患者0007', 'Test Zhang'];

  it('finds full ID numbers, full accounts and a known name next to a full or masked ID', () => {
    const findings = scanForPersonalData(
      [
        '{"msg":"payee 330402199001010019 refused"}',
        'transfer to 6222020200112233445 failed',
        '{"insured":{"name":"测试患者0007","idNumberMasked":"3304**********0019"}}',
        'Test Zhang (3304**********001X)',
      ],
      names,
    );
    expect(findings.idNumbers).toEqual(['330402199001010019']);
    expect(findings.bankAccounts).toEqual(['6222020200112233445']);
    expect(findings.namesNextToIds).toEqual([
      '测试患者0007 ~ 3304**********0019',
      'Test Zhang ~ 3304**********001X',
    ]);
  });

  it('finds nothing in masked forms, ids, hashes, timestamps and a name far from any ID', () => {
    const findings = scanForPersonalData(
      [
        '{"claimId":"C20260301ABCDEF0000001","bankAccount":"****3445","idNumber":"3304**********0019"}',
        '{"at":1733280000000,"hash":"sha256:0123456789abcdef0123456789abcdef","bill":"20260301#0000012345"}',
        `测试患者0007 filed a claim${' '.repeat(60)}3304**********0019`,
      ],
      names,
    );
    expect(findings).toEqual({ idNumbers: [], bankAccounts: [], namesNextToIds: [] });
  });
});
