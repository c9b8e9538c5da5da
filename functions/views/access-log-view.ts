import type { AccessLogView } from '../../domain/api/access-log';
import type { CaseRead } from '../../adapters/claim-store';
import type { Audience } from './claim-views';

/**
 * "Who looked at my case": the staff reads of a case as the API shows them. Staff see who by id;
 * the citizen sees each member of staff as their role and a number stable for this claim (the
 * order in which they first read it), never the id (functions/views/citizen-redaction.ts).
 */

const ROLE_WORDS: Record<string, { zh: string; en: string }> = {
  clerk: { zh: '经办人员', en: 'clerk' },
  supervisor: { zh: '主管', en: 'supervisor' },
  admin: { zh: '系统管理员', en: 'administrator' },
  agent: { zh: '帮办窗口人员', en: 'service-window agent' },
};

export function accessLogView(
  claimId: string,
  reads: readonly CaseRead[],
  audience: Audience,
  why: (route: string) => { zh: string; en: string },
): AccessLogView {
  // Numbers by first read: the earliest reader is 1, whatever page of the log is shown.
  const number = new Map<string, number>();
  for (const read of [...reads].sort((a, b) => a.at.localeCompare(b.at))) {
    const key = `${read.role}|${read.actorId}`;
    if (!number.has(key)) number.set(key, number.size + 1);
  }
  return {
    claimId,
    reads: reads.map((read) => {
      const words = ROLE_WORDS[read.role] ?? { zh: read.role, en: read.role };
      const n = number.get(`${read.role}|${read.actorId}`) ?? 0;
      const where = read.region
        ? { zh: `（${read.region}）`, en: ` (region ${read.region})` }
        : { zh: '', en: '' };
      return {
        at: read.at,
        role: read.role,
        ...(read.region && { region: read.region }),
        who: { zh: `${words.zh} ${n}${where.zh}`, en: `${words.en} ${n}${where.en}` },
        ...(audience === 'staff' && { actorId: read.actorId }),
        route: read.route,
        why: why(read.route),
      };
    }),
  };
}
