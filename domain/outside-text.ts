import { maskBankAccount, maskIdNumber, maskName } from './masking';

/**
 * Text written by someone outside crossclaim (a bank's refusal, a hospital's or home region's
 * error, a network library's message) is free text: it may quote an ID number, a bank account
 * or the account holder's name. Before such text is logged or stored on a case it goes through
 * scrubOutsideText, which masks what has the shape of personal data and every value the caller
 * knows to be personal (the instruction's account and name). Masked, never parsed back.
 */

/** Not part of a longer run of letters or digits (\b does not work beside Chinese characters). */
const EDGE_BEFORE = '(?<![0-9A-Za-z])';
const EDGE_AFTER = '(?![0-9A-Za-z])';
/** 18-character resident ID number (the last may be X). */
const ID_NUMBER = `${EDGE_BEFORE}\\d{17}[\\dXx]${EDGE_AFTER}`;
/** A bank card or account: 16 to 19 digits, possibly grouped by spaces or dashes. */
const BANK_ACCOUNT = `${EDGE_BEFORE}\\d(?:[ -]?\\d){15,18}${EDGE_AFTER}`;
/** A mainland mobile number. */
const MOBILE = `${EDGE_BEFORE}1[3-9]\\d{9}${EDGE_AFTER}`;
/** Words that introduce a person's name in Chinese and English error text. */
const NAME_LABELS =
  '户名|开户名|账户名称?|姓名|收款人|持卡人|患者|参保人|申请人|account ?name|holder|payee|patient|beneficiary';
const LABELLED_NAME = new RegExp(
  `(${NAME_LABELS})(\\s*[:：=]?\\s*["'“‘]?)(\\p{Script=Han}{2,4}|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})`,
  'giu',
);
/** Two to four Chinese characters right before or after a number masked below: a name next to an ID. */
const NAME_BEFORE = (number: string) => new RegExp(`\\p{Script=Han}{2,4}(?=[\\s,，:：(（]*${number})`, 'gu');
const NAME_AFTER = (number: string) =>
  new RegExp(`(?<=${number}[\\s,，:：)）(（]*)\\p{Script=Han}{2,4}`, 'gu');
/** A Chinese run ending like these is a label ("身份证号", "银行卡号"), not a name. */
const LABEL_ENDING = /[号码证卡户为是的在]$/u;

const maskHanName = (run: string) => (LABEL_ENDING.test(run) ? run : maskName(run));

export function scrubOutsideText(text: string, known: readonly (string | undefined)[] = []): string {
  let scrubbed = text;
  // Known values first, longest first, so an account is not half-replaced by a shorter value.
  for (const value of [...known]
    .filter((v): v is string => Boolean(v && v.trim().length >= 2))
    .sort((a, b) => b.length - a.length)) {
    scrubbed = scrubbed.replaceAll(
      value,
      /^\d[\d -]*$/.test(value) ? maskBankAccount(value) : maskName(value),
    );
  }
  scrubbed = scrubbed.replace(LABELLED_NAME, (_m, label, gap, name) => `${label}${gap}${maskName(name)}`);
  // ID numbers before accounts: an 18-digit ID has an account's shape too.
  for (const [number, mask] of [
    [ID_NUMBER, maskIdNumber],
    [BANK_ACCOUNT, maskBankAccount],
  ] as const) {
    scrubbed = scrubbed.replace(NAME_BEFORE(number), maskHanName).replace(NAME_AFTER(number), maskHanName);
    scrubbed = scrubbed.replace(new RegExp(number, 'g'), (found) => mask(found));
  }
  scrubbed = scrubbed.replace(new RegExp(MOBILE, 'g'), (mobile) => maskBankAccount(mobile));
  return scrubbed;
}
