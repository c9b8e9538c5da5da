import {
  AnalyzeExpenseCommand,
  TextractClient,
  type AnalyzeExpenseCommandOutput,
  type ExpenseField,
} from '@aws-sdk/client-textract';
import {
  emptyField,
  parseYuan,
  type ReadField,
  type ReadItem,
  type ReceiptReading,
} from '../../domain/receipt-reading';
import type { OcrEngine } from './ocr-engine';

/**
 * Textract AnalyzeExpense, for English-language receipts (Textract reads no Chinese, DESIGN
 * §6): the standard expense fields map onto ours; a receipt's own labels ("Bill code",
 * "Check code", …) are matched from LabelDetection for what the standard set lacks.
 * Confidence is Textract's value-detection confidence (0–100) scaled to 0–1.
 */

type Send = (command: AnalyzeExpenseCommand) => Promise<AnalyzeExpenseCommandOutput>;

const LABELS: Record<'billBatchCode' | 'billNo' | 'checkCode' | 'payerName' | 'hospitalName', RegExp> = {
  billBatchCode: /bill\s*(batch\s*)?code/i,
  billNo: /bill\s*(no|number)|receipt\s*(no|number)/i,
  checkCode: /check\s*code|verification\s*code/i,
  payerName: /payer|patient|paid\s*by/i,
  hospitalName: /hospital|institution/i,
};

const text = (f: ExpenseField): string => f.ValueDetection?.Text?.trim() ?? '';
const conf = (f: ExpenseField): number => (f.ValueDetection?.Confidence ?? 0) / 100;
const read = <T>(value: T | null, confidence: number): ReadField<T> =>
  value === null ? emptyField() : { value, confidence: Math.round(confidence * 1000) / 1000 };

function isoDate(raw: string): string | null {
  const m = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(raw);
  if (m) return `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

const amountFen = (raw: string): number | undefined => parseYuan(raw.replace(/[^\d.,]/g, ''));

export function readingFromExpense(output: AnalyzeExpenseCommandOutput): ReceiptReading {
  const doc = output.ExpenseDocuments?.[0];
  const summary = doc?.SummaryFields ?? [];
  const byType = (type: string) => summary.find((f) => f.Type?.Text === type);
  const byLabel = (label: RegExp) => summary.find((f) => label.test(f.LabelDetection?.Text ?? ''));
  const fieldOf = (f: ExpenseField | undefined): ReadField<string> =>
    f && text(f) !== '' ? read(text(f), conf(f)) : emptyField();
  const digits = (f: ExpenseField | undefined): ReadField<string> => {
    const r = fieldOf(f);
    return r.value === null ? r : read(r.value.replace(/\s/g, ''), r.confidence);
  };
  const date = byType('INVOICE_RECEIPT_DATE');
  const total = byType('TOTAL') ?? byType('AMOUNT_PAID');
  const totalFen = total ? amountFen(text(total)) : undefined;
  const items: ReadItem[] = (doc?.LineItemGroups ?? []).flatMap((g) =>
    (g.LineItems ?? []).flatMap((li) => {
      const fields = li.LineItemExpenseFields ?? [];
      const name = fields.find((f) => f.Type?.Text === 'ITEM');
      const price = fields.find((f) => f.Type?.Text === 'PRICE');
      const qty = fields.find((f) => f.Type?.Text === 'QUANTITY');
      const fen = price ? amountFen(text(price)) : undefined;
      if (!name || fen === undefined) return [];
      const q = qty ? Number(text(qty)) : NaN;
      return [
        {
          name: text(name),
          qty: Number.isFinite(q) ? q : null,
          amountFen: fen,
          category: null,
          confidence: Math.min(conf(name), price ? conf(price) : 0),
        },
      ];
    }),
  );
  return {
    billBatchCode: digits(byLabel(LABELS.billBatchCode)),
    billNo: digits(byType('INVOICE_RECEIPT_ID') ?? byLabel(LABELS.billNo)),
    checkCode: (() => {
      const r = fieldOf(byLabel(LABELS.checkCode));
      return r.value === null ? r : read(r.value.toLowerCase(), r.confidence);
    })(),
    issueDate: date ? read(isoDate(text(date)), conf(date)) : emptyField(),
    hospitalName: fieldOf(byType('VENDOR_NAME') ?? byLabel(LABELS.hospitalName)),
    payerName: fieldOf(byType('RECEIVER_NAME') ?? byLabel(LABELS.payerName)),
    totalAmtFen: total && totalFen !== undefined ? read(totalFen, conf(total)) : emptyField(),
    items,
    source: 'textract',
  };
}

export class TextractEngine implements OcrEngine {
  readonly name = 'textract';
  readonly readsPixels = false;
  private readonly send: Send;

  constructor(options: { client?: Pick<TextractClient, 'send'>; region?: string } = {}) {
    const client = options.client ?? new TextractClient({ region: options.region ?? process.env.AWS_REGION });
    this.send = (command) => client.send(command);
  }

  async readReceipt(image: Buffer): Promise<ReceiptReading> {
    const output = await this.send(new AnalyzeExpenseCommand({ Document: { Bytes: image } }));
    return readingFromExpense(output);
  }
}
