/** The saga's local view of a booking, built from booking events (which may arrive in any order). */

export type ProjectedStatus = 'held' | 'pending_approval' | 'confirmed' | 'expired' | 'cancelled';

export interface BookingState {
  bookingId: string;
  businessId: string;
  status: ProjectedStatus;
  /** False until booking.created arrived: a webhook may come first, and unknown counts as held. */
  known: boolean;
  /** For cancelled: what the booking was when cancelled. */
  previousStatus: string | null;
  /** The payment that confirmed the booking. */
  paymentId: string | null;
  priceAmount: number;
  currency: string;
  prepayment: 'none' | 'deposit' | 'full';
  depositAmount: number;
  /** For cancelled: what the policy gives back of the prepayment. */
  refundAmount: number | null;
  holdExpiresAt: Date | null;
}

const RANK: Record<ProjectedStatus, number> = { held: 0, pending_approval: 0, confirmed: 1, expired: 2, cancelled: 2 };

export type BookingFact =
  | { type: 'created'; status: string; priceAmount: number; currency: string; prepayment: string; depositAmount: number; holdExpiresAt: Date | null }
  | { type: 'confirmed'; paymentId: string | null }
  | { type: 'expired' }
  | { type: 'cancelled'; previousStatus: string; refundAmount: number };

const asPrepayment = (value: string): BookingState['prepayment'] => (value === 'deposit' || value === 'full' ? value : 'none');

/** Folds one booking event into the projection; statuses only move forward, facts fill in whatever order they come. */
export function applyBookingFact(state: BookingState, fact: BookingFact): BookingState {
  const advance = (status: ProjectedStatus): ProjectedStatus => (RANK[status] > RANK[state.status] ? status : state.status);
  switch (fact.type) {
    case 'created': {
      const status: ProjectedStatus = fact.status === 'confirmed' ? 'confirmed' : fact.status === 'pending_approval' ? 'pending_approval' : 'held';
      return {
        ...state,
        known: true,
        status: advance(status),
        priceAmount: fact.priceAmount,
        currency: fact.currency,
        prepayment: asPrepayment(fact.prepayment),
        depositAmount: fact.depositAmount,
        holdExpiresAt: fact.holdExpiresAt,
      };
    }
    case 'confirmed':
      return { ...state, status: advance('confirmed'), paymentId: state.paymentId ?? fact.paymentId };
    case 'expired':
      return { ...state, status: advance('expired') };
    case 'cancelled':
      return { ...state, status: advance('cancelled'), previousStatus: fact.previousStatus, refundAmount: fact.refundAmount };
  }
}
