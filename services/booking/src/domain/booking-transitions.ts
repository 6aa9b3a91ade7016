import type { ActorKind, BookingStatus } from './booking';
import { BookingErrors } from './booking.errors';

export type BookingAction = 'cancel' | 'reschedule' | 'approve' | 'confirm' | 'complete' | 'no_show';

interface TransitionRule {
  from: BookingStatus[];
  /** Absent: the status stays (a reschedule moves the booking, not its status). */
  to?: BookingStatus;
  actors: ActorKind[];
  /** How the action reads in a message: "cannot be cancelled". */
  past: string;
}

/** The lifecycle (DESIGN §3): held → confirmed → completed | no_show; held → expired (hold expiry, not here). */
export const TRANSITIONS: Readonly<Record<BookingAction, TransitionRule>> = {
  cancel: { from: ['held', 'pending_approval', 'confirmed'], to: 'cancelled', actors: ['business', 'guest', 'system'], past: 'cancelled' },
  reschedule: { from: ['held', 'pending_approval', 'confirmed'], actors: ['business', 'guest'], past: 'rescheduled' },
  approve: { from: ['pending_approval'], to: 'confirmed', actors: ['business'], past: 'approved' },
  confirm: { from: ['held'], to: 'confirmed', actors: ['system'], past: 'confirmed' },
  complete: { from: ['confirmed'], to: 'completed', actors: ['business'], past: 'completed' },
  no_show: { from: ['confirmed'], to: 'no_show', actors: ['business'], past: 'marked a no-show' },
};

/** Checked before the booking is even read: a guest may never approve, whatever token it holds. */
export function assertActorMay(action: BookingAction, actor: ActorKind): void {
  if (!TRANSITIONS[action].actors.includes(actor)) throw BookingErrors.actionNotAllowed(`${action.replace('_', ' ')} bookings`);
}

export function assertTransition(action: BookingAction, status: BookingStatus): void {
  if (!TRANSITIONS[action].from.includes(status)) throw BookingErrors.invalidTransition(TRANSITIONS[action].past, status);
}

export function canTransition(action: BookingAction, status: BookingStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}
