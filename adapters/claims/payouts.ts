import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  TransactGetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { SYSTEM_ACTOR, type AuditActor, type AuditSummary } from '../../domain/audit-chain';
import type { ClaimCase } from '../../domain/claim';
import {
  accumulatorAfter,
  emptyAccumulator,
  type Accumulator,
  type PayoutRecord,
} from '../../domain/payouts';
import type { CareType } from '../../domain/schema-primitives';
import type { StoreAccess } from './access';
import { TRY_AGAIN, type AuditedWrites, type EntryFacts, type TransactItem } from './audited-writes';
import { keys, stripKeys } from './keys';

export type PayoutOutcome =
  | { kind: 'recorded'; payout: PayoutRecord; claim: ClaimCase }
  | { kind: 'already_paid'; payout: PayoutRecord }
  | { kind: 'accumulator_changed' }
  | { kind: 'claim_changed' };

export const PAYOUT_ACCESS = {
  /** accumulator */
  readTotals: { items: [{ actions: ['GetItem'], keys: ['INSURED#'] }] },
  /** payout */
  read: { items: [{ actions: ['GetItem'], keys: ['PAYOUT#'] }] },
  /** payoutAndAccumulator: both in one transactional read */
  readBoth: { items: [{ actions: ['GetItem'], keys: ['PAYOUT#', 'INSURED#'] }] },
  /**
   * recordPayout: the payout (written once), the accumulator at its version and the case with
   * its entry, in one transaction; setBankReference: the payout's reference with its entry.
   */
  record: {
    items: [
      { actions: ['GetItem', 'PutItem'], keys: ['INSURED#'] },
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], keys: ['PAYOUT#'] },
    ],
  },
} as const satisfies Record<string, StoreAccess>;

/** Payouts (`PAYOUT#<claimId>`) and the insured's annual accumulators (`INSURED#<id>` / `ACC#<year>`). */
export class PayoutRepository {
  constructor(
    private readonly core: AuditedWrites,
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  async accumulator(insuredId: string, year: number): Promise<Accumulator> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.accumulator(insuredId, year),
        ConsistentRead: true,
      }),
    );
    return accumulatorOf(Item);
  }

  /**
   * A claim's payout and the insured's accumulator of the year, read together in one
   * transactional read (one request where PayOut sent two).
   */
  async payoutAndAccumulator(
    claimId: string,
    insuredId: string,
    year: number,
    appealNo?: number,
  ): Promise<{ payout: PayoutRecord | undefined; accumulator: Accumulator }> {
    const { Responses } = await this.db.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: this.tableName, Key: keys.payout(claimId, appealNo) } },
          { Get: { TableName: this.tableName, Key: keys.accumulator(insuredId, year) } },
        ],
      }),
    );
    const [payout, accumulator] = [Responses?.[0]?.Item, Responses?.[1]?.Item];
    return {
      payout: payout ? stripKeys<PayoutRecord>(payout) : undefined,
      accumulator: accumulatorOf(accumulator),
    };
  }

  async payout(claimId: string, appealNo?: number): Promise<PayoutRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.payout(claimId, appealNo),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<PayoutRecord>(Item) : undefined;
  }

  /**
   * Records a claim's payout: the payout record (written once), the insured's annual
   * accumulator (at the version the benefit was computed against) and the case (at the status
   * and version it was read), in one transaction. A retried or concurrent PayOut can therefore
   * record one payout only, and no two claims can both spend the same room under the annual
   * cap. The case keeps its status: it becomes PAID once the bank took the instruction (PayOut).
   */
  recordPayout(input: {
    claim: ClaimCase;
    payout: PayoutRecord;
    accumulator: Accumulator;
    deductibleAppliedFen: number;
    actor?: AuditActor;
    /** An appeal's difference: the claim's benefit becomes this total, and no stay is counted again. */
    appeal?: { benefitTotalFen: number; changes: Partial<ClaimCase> };
    /** More items of the same transaction, after the payout and the accumulator (an outbox entry). */
    beside?: readonly TransactItem[];
  }): Promise<PayoutOutcome> {
    const { claim, payout, accumulator, appeal } = input;
    const nextAccumulator = accumulatorAfter(
      accumulator,
      payout,
      input.deductibleAppliedFen,
      appeal !== undefined,
    );
    const at = this.now().toISOString();
    const reservedClaim: ClaimCase = {
      ...claim,
      ...appeal?.changes,
      version: claim.version + 1,
      updatedAt: at,
      benefitFen: appeal ? appeal.benefitTotalFen : payout.amountFen,
    };
    const facts: AuditSummary = {
      amountFen: payout.amountFen,
      ...(payout.appealNo !== undefined && { appealNo: payout.appealNo }),
      adjudicationSeq: payout.adjudicationSeq,
      year: payout.year,
      careType: payout.careType,
      accumulatorVersion: nextAccumulator.version,
    };
    return this.core.writeCase<PayoutOutcome>(claim, {
      next: reservedClaim,
      entry: {
        at,
        actor: input.actor ?? SYSTEM_ACTOR,
        action: 'payout.recorded',
        before: { status: claim.status, benefitFen: claim.benefitFen ?? null },
        after: facts,
      },
      beside: [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.payout(claim.claimId, payout.appealNo),
              ...payout,
              deductibleAppliedFen: input.deductibleAppliedFen,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.accumulator(payout.insuredId, payout.year), ...nextAccumulator },
            ConditionExpression:
              accumulator.version === 0 ? 'attribute_not_exists(PK)' : '#version = :version',
            ...(accumulator.version === 0
              ? {}
              : {
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': accumulator.version },
                }),
          },
        },
        ...(input.beside ?? []),
      ],
      done: (stored) => ({ kind: 'recorded', payout, claim: stored }),
      refused: async ([payoutReason, accumulatorReason]) => {
        if (payoutReason?.Code === 'ConditionalCheckFailed') {
          const existing = await this.payout(claim.claimId, payout.appealNo);
          if (existing) return { kind: 'already_paid', payout: existing };
        }
        if (accumulatorReason?.Code === 'ConditionalCheckFailed') return { kind: 'accumulator_changed' };
        return TRY_AGAIN;
      },
      moved: () => ({ kind: 'claim_changed' }),
      // Only the history kept moving on (documents stored meanwhile): PayOut tries again.
      exhausted: () => ({ kind: 'claim_changed' }),
    });
  }

  /** Stores the bank's reference on the payout, and the instruction in the claim's history. */
  async setBankReference(
    claimId: string,
    bankReference: string,
    actor?: AuditActor,
    appealNo?: number,
  ): Promise<void> {
    const { update, entry } = this.bankReferenceWrite(claimId, bankReference, actor, appealNo);
    await this.core.writeBeside(claimId, {
      write: { Update: update },
      entry,
      done: undefined,
      refused: () => {
        throw new ConditionalCheckFailedException({
          message: `claim ${claimId} has no payout to set a bank reference on`,
          $metadata: {},
        });
      },
      noHistory: async () => {
        await this.db.send(new UpdateCommand(update));
      },
    });
  }

  /**
   * The bank's reference on the payout as an item of a transaction (PayOut writes it with the
   * case's move to PAID) and the instruction's history entry. The payout must exist.
   */
  bankReferenceWrite(
    claimId: string,
    bankReference: string,
    actor?: AuditActor,
    appealNo?: number,
  ): { update: UpdateCommandInput; item: TransactItem; entry: EntryFacts } {
    const update: UpdateCommandInput = {
      TableName: this.tableName,
      Key: keys.payout(claimId, appealNo),
      UpdateExpression: 'SET bankReference = :ref',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':ref': bankReference },
    };
    return {
      update,
      item: { Update: update } as TransactItem,
      entry: {
        at: this.now().toISOString(),
        actor: actor ?? SYSTEM_ACTOR,
        action: 'payout.instructed',
        after: { bankReference, ...(appealNo !== undefined && { appealNo }) },
      },
    };
  }
}

/** An accumulator item as stored, or the empty one when there is none yet. */
function accumulatorOf(Item: Record<string, unknown> | undefined): Accumulator {
  if (!Item) return emptyAccumulator();
  return {
    version: Item.version as number,
    fundPaidFen: Item.fundPaidFen as Record<CareType, number>,
    deductibleMetFen: Item.deductibleMetFen as Record<CareType, number>,
    admissions: Item.admissions as number,
    // Accumulators written before the serious-illness tier have neither: nothing was counted.
    seriousIllnessPaidFen: (Item.seriousIllnessPaidFen as number | undefined) ?? 0,
    seriousIllnessBaseFen: (Item.seriousIllnessBaseFen as number | undefined) ?? 0,
  };
}
