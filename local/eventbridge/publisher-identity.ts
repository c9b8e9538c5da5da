import {
  createEventBridgePublisher,
  type EventBridgeSettings,
  type EventPublisher,
} from '../../adapters/event-publisher';
import type { OutgoingEvent } from '../../events/event-entry';

/**
 * Who may put what on the local bus, as the bus policy does on AWS (infra/constructs/events.ts):
 * a hospital publishes from its own identity and only under its own source `hospital.<code>`
 * (never another hospital's, nor crossclaim's own sources). Locally the identity is the SigV4 access key id a
 * caller signs with (`hospital-<code>` for a hospital); signatures are not verified (loopback
 * stand-in), but a hospital's client cannot publish as another without choosing to lie.
 */

const HOSPITAL_SOURCE = /^hospital\.(.+)$/;
const HOSPITAL_KEY_PREFIX = 'hospital-';

export const hospitalAccessKeyId = (hospitalCode: string): string => `${HOSPITAL_KEY_PREFIX}${hospitalCode}`;

/** The access key id of a SigV4 Authorization header (`… Credential=<key id>/<date>/…`). */
export function callerOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/** Whether a caller (an access key id; undefined: unsigned) may put an event with this source. */
export function mayPublish(caller: string | undefined, source: string | undefined): boolean {
  // crossclaim's own identity is the bus owner's account on AWS, which the policy does not
  // restrict (HospitalPostEBill relays a hospital's authenticated push under its source).
  if (!caller?.startsWith(HOSPITAL_KEY_PREFIX)) return true;
  return source === `hospital.${caller.slice(HOSPITAL_KEY_PREFIX.length)}`;
}

/**
 * A publisher for the simulated hospitals: each event goes out signed as the hospital its
 * source names, through a client of that hospital's own.
 */
export function hospitalPublisher(
  settings: EventBridgeSettings,
  options?: Parameters<typeof createEventBridgePublisher>[1],
): EventPublisher {
  const byHospital = new Map<string, EventPublisher>();
  const publisherOf = (source: string): EventPublisher => {
    const code = HOSPITAL_SOURCE.exec(source)?.[1] ?? 'unknown';
    let publisher = byHospital.get(code);
    if (!publisher) {
      publisher = createEventBridgePublisher(
        { ...settings, credentials: { accessKeyId: hospitalAccessKeyId(code), secretAccessKey: 'local' } },
        options,
      );
      byHospital.set(code, publisher);
    }
    return publisher;
  };
  return {
    async publish(events: readonly OutgoingEvent[]): Promise<void> {
      const groups = new Map<string, OutgoingEvent[]>();
      for (const event of events) groups.set(event.source, [...(groups.get(event.source) ?? []), event]);
      await Promise.all([...groups].map(([source, group]) => publisherOf(source).publish(group)));
    },
  };
}
