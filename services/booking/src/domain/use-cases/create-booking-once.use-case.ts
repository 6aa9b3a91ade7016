import { createHash } from 'node:crypto';
import { AppError, toAppError, type ErrorKind, type FieldError } from '@omotenashi/errors';
import type { IdempotencyStore, StoredOutcome } from '../../data-access/idempotency.store';
import type { Booking, BookingRequest } from '../booking';
import { readPolicySnapshot } from '../booking-policy';
import { BookingErrors } from '../booking.errors';
import { createBooking, type CreateBookingDeps, type CreatedBooking } from './create-booking.use-case';

export interface IdempotencyKey {
  key: string;
  /** The caller the key belongs to. */
  scope: string;
}

/** Outcomes a retry must see again; anything else (bad input, outages) leaves the key free to retry. */
const REPLAYED_KINDS: ErrorKind[] = ['conflict', 'unprocessable', 'failed_precondition', 'not_found'];

/** The request's fingerprint: same key + same request replays, same key + another request is refused. */
function fingerprint(request: BookingRequest): string {
  const { businessId, serviceId, startsAt, staffId, partySize, customer, notes } = request;
  const canonical = JSON.stringify([businessId, serviceId, startsAt, staffId, partySize, customer.name, customer.email, customer.phone, customer.locale, notes]);
  return createHash('sha256').update(canonical).digest('hex');
}

const DATE_FIELDS = ['startsAt', 'endsAt', 'holdExpiresAt', 'createdAt', 'updatedAt'] as const;

/** A booking as stored in the outcome (JSON), also from before fields were added. */
function revive(value: unknown): Booking {
  const booking = { ...(value as Record<string, unknown>) };
  for (const field of DATE_FIELDS) if (booking[field]) booking[field] = new Date(booking[field] as string);
  const { priceAmount, currency } = booking as { priceAmount: number; currency: string };
  booking.policy = readPolicySnapshot(booking.policy, { priceAmount, currency });
  booking.cancellation = null; // outcomes are stored at creation
  booking.paymentId ??= null;
  booking.rescheduleCount ??= 0;
  return booking as unknown as Booking;
}

/**
 * A replay gets the first booking again but never the manage token: only its hash is kept, so the
 * token exists in the first answer alone. Clients must keep that answer (documented in the proto).
 */
function replay(outcome: StoredOutcome): CreatedBooking {
  if (outcome.ok) return { booking: revive(outcome.value), manageToken: '' };
  const { code, kind, message, fields } = outcome.error;
  throw new AppError(code, message, { kind: kind as ErrorKind, fields: fields as FieldError[] | undefined });
}

/**
 * Creates a booking at most once per idempotency key. The key is claimed first (a concurrent duplicate
 * gets 409), and completed in the booking's own transaction, so a crash between the two can never leave a
 * booking without its key or a key pointing at no booking.
 */
export async function createBookingOnce(
  deps: CreateBookingDeps & { idempotency: IdempotencyStore },
  request: BookingRequest,
  idempotency?: IdempotencyKey,
): Promise<CreatedBooking> {
  if (!idempotency?.key) return createBooking(deps, request);
  const { key, scope } = idempotency;
  const claim = await deps.idempotency.claim(scope, key, fingerprint(request));
  if (claim.kind === 'mismatch') throw BookingErrors.idempotencyKeyReused();
  if (claim.kind === 'in_progress') throw BookingErrors.idempotencyInProgress();
  if (claim.kind === 'replay') return replay(claim.outcome);
  try {
    return await createBooking(deps, request, (manager, booking) => deps.idempotency.complete(scope, key, { ok: true, value: booking }, manager));
  } catch (error) {
    const appError = toAppError(error);
    if (REPLAYED_KINDS.includes(appError.kind)) {
      const { code, kind, message, fields } = appError;
      await deps.idempotency.complete(scope, key, { ok: false, error: { code, kind, message, fields } });
    } else {
      await deps.idempotency.release(scope, key);
    }
    throw error;
  }
}
