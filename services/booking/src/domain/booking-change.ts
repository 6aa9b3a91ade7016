import type { ActorKind } from './booking';
import type { CancellationTerms } from './cancellation-terms';

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
  | { type: 'reschedule'; actor: ChangeActor; startsAt: Date; endsAt: Date; bookingDate: string; capacity: number }
  | { type: 'none' };
