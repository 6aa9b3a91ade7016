import { CommonErrors, type FieldError } from '@omotenashi/errors';
import type { ActorKind, Booking } from './booking';
import { BookingErrors } from './booking.errors';
import { manageTokenMatches } from './manage-token';

/** Who asks for a change: decided by the gateway for `business`, proven by the manage token for `guest`. */
export interface Actor {
  kind: ActorKind;
  /** User id, API key id or job name, for the audit trail (empty for guests). */
  id: string;
  manageToken: string;
}

const KINDS: ActorKind[] = ['business', 'guest', 'system'];

export function checkActor(raw: { kind: string; id: string; manageToken: string } | undefined): Actor {
  const fields: FieldError[] = [];
  const kind = raw?.kind as ActorKind;
  const id = raw?.id?.trim() ?? '';
  const manageToken = raw?.manageToken ?? '';
  if (!KINDS.includes(kind)) fields.push({ pointer: '/actor/kind', detail: 'must be business, guest or system' });
  if ((kind === 'business' || kind === 'system') && !id) fields.push({ pointer: '/actor/id', detail: 'is required for business and system actors' });
  if (id.length > 200) fields.push({ pointer: '/actor/id', detail: 'must be at most 200 characters' });
  if (kind === 'guest' && !manageToken) fields.push({ pointer: '/actor/manage_token', detail: 'is required for guests' });
  if (manageToken.length > 200) fields.push({ pointer: '/actor/manage_token', detail: 'must be at most 200 characters' });
  if (fields.length) throw CommonErrors.validation(fields);
  return { kind, id: kind === 'guest' ? '' : id, manageToken };
}

/** A stored booking with the hash of its guest token, which never leaves the service. */
export interface BookingRecord {
  booking: Booking;
  manageTokenHash: Buffer | null;
  /** The customer chose the booking's staff member (absent: they did not). */
  staffRequested?: boolean;
}

/**
 * The booking, if this actor may act on it. A guest learns nothing from a miss: a wrong token, an
 * unknown booking and another business's booking all answer the same not-found.
 */
export function accessBooking(record: BookingRecord | undefined, actor: Actor): Booking {
  if (actor.kind === 'guest') {
    if (!record || !manageTokenMatches(actor.manageToken, record.manageTokenHash)) throw BookingErrors.manageTokenInvalid();
    return record.booking;
  }
  if (!record) throw BookingErrors.bookingNotFound();
  return record.booking;
}
