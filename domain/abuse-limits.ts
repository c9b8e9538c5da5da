import { z } from 'zod';

/**
 * Abuse limits as data (policies/limits/abuse-limits.json): how many claims and receipt
 * uploads one citizen may make per day. A person files a handful of claims a year; the limits
 * stop a script with a stolen or own token from filling the queue, the table or the bucket.
 */
export const AbuseLimitsSchema = z.strictObject({
  perCitizenPerDay: z.strictObject({
    claims: z.number().int().min(1).max(1000),
    receiptImages: z.number().int().min(1).max(10_000),
  }),
});
export type AbuseLimits = z.infer<typeof AbuseLimitsSchema>;
export type QuotaKind = keyof AbuseLimits['perCitizenPerDay'];

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The citizen's day: the calendar date in China (UTC+8), when the quota starts again. */
export const quotaDay = (now: Date): string =>
  new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** When the day's counter may be deleted (TTL, epoch seconds): two days after the day began. */
export const quotaExpiry = (day: string): number =>
  Math.floor((Date.parse(`${day}T00:00:00+08:00`) + 2 * 86_400_000) / 1000);

const WHAT: Record<QuotaKind, { zh: string; en: string }> = {
  claims: { zh: '提交报销申请', en: 'claims filed' },
  receiptImages: { zh: '上传票据图片', en: 'receipt images uploaded' },
};

/** The answer to a citizen over their quota: Chinese first, then English. */
export function quotaExceededMessage(kind: QuotaKind, limit: number): string {
  const what = WHAT[kind];
  return (
    `今日${what.zh}已达上限（${limit} 次），请明日再试。` +
    ` Daily limit reached: ${limit} ${what.en} per day; try again tomorrow.`
  );
}
