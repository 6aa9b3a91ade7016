import type { ActorKind } from './booking';
import type { CancellationTerms } from './cancellation-terms';

/** What a moved booking occupies at its new time, chosen by the use case (slot-choice.ts) before the lock. */
export interface MovedAllocation {
  staffId: string | null;
  resourceIds: string[];
  /** The new time plus the service's buffers. */
  occupiedFrom: Date;
  occupiedTo: Date;
  /** The service needs neither staff nor resources. */
  standalone: boolean;
}

export interface ChangeActor {
  kind: ActorKind;
  id: string;
}

/**
 * What a lifecycle use case decided, on the locked booking; the repository makes it durable with its
 * event in one transaction. `none` is an idempotent repeat: nothing is written, no event.
 */
export type BookingChange =
  | { type: 'cancel'; actor: ChangeActor; reason: string; terms: CancellationTerms }
  | { type: 'confirm'; actor: ChangeActor; paymentId: string }
  | { type: 'complete'; actor: ChangeActor }
  | { type: 'no_show'; actor: ChangeActor }
  | { type: 'reschedule'; actor: ChangeActor; startsAt: Date; endsAt: Date; bookingDate: string; capacity: number; allocation?: MovedAllocation }
  | { type: 'none' };
