import { z } from 'zod';
import { InvalidInputError, parseOrThrow } from '../domain/validation';
import { DETAIL_TYPES, EVENT_CONTRACTS, isDetailType, type DetailOf, type DetailType } from './catalog';

/**
 * The envelope EventBridge wraps every event in, as a Lambda target receives it. Fields
 * EventBridge may add later (such as `replay-name` on replays) are let through.
 */
export const EventBridgeEnvelopeSchema = z.looseObject({
  version: z.literal('0', { error: 'must be "0", the EventBridge envelope version' }),
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  account: z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit account id' }),
  time: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  region: z.string().min(1),
  resources: z.array(z.string()),
  detail: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }),
});
export type EventBridgeEnvelope = z.infer<typeof EventBridgeEnvelopeSchema>;

/** An event after its contract was checked: which one it is, and its typed detail. */
export type ReceivedEvent<T extends DetailType = DetailType> = {
  [K in T]: { id: string; time: string; source: string; detailType: K; detail: DetailOf<K> };
}[T];

/**
 * Reads an EventBridge event as a Lambda target receives it: the envelope, then the detail by
 * the schema its detail-type names, then that the source is the one this detail comes from.
 * Throws InvalidInputError whose issues name the field (`["detail-type"]`, `detail.version`,
 * `detail.ebill.totalAmtFen`, `source`). A detail of a major version this code does not know
 * is refused on `detail.version` alone, without guessing at the rest.
 *
 * `accept` narrows what this consumer handles: any other detail-type is refused.
 */
export function parseEventBridgeEvent<T extends DetailType = DetailType>(
  event: unknown,
  accept?: readonly T[],
): ReceivedEvent<T> {
  const subject = `EventBridge event ${eventIdOf(event)}`;
  const envelope = parseOrThrow(EventBridgeEnvelopeSchema, event, subject);
  const detailType = envelope['detail-type'];
  const accepted: readonly string[] = accept ?? DETAIL_TYPES;
  if (!isDetailType(detailType) || !accepted.includes(detailType)) {
    throw new InvalidInputError(subject, [
      {
        path: z.core.toDotPath(['detail-type']),
        message: `is "${detailType}", not one of ${accepted.join(', ')}`,
      },
    ]);
  }

  const contract = EVENT_CONTRACTS[detailType];
  parseOrThrow(z.object({ detail: z.object({ version: contract.versionSchema }) }), envelope, subject);
  const { detail } = parseOrThrow(z.object({ detail: contract.schema }), envelope, subject);

  // The union of contracts cannot take the union of details; this detail is the contract's own.
  const expectedSource = (contract.sourceOf as (d: typeof detail) => string)(detail);
  if (envelope.source !== expectedSource) {
    throw new InvalidInputError(subject, [
      {
        path: 'source',
        message: `is "${envelope.source}", but this ${detailType} detail comes from "${expectedSource}"`,
      },
    ]);
  }

  return {
    id: envelope.id,
    time: envelope.time,
    source: envelope.source,
    detailType,
    detail,
  } as ReceivedEvent<T>;
}

function eventIdOf(event: unknown): string {
  const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : '(no id)';
}
