import type { bookingV1 } from '@omotenashi/proto';
import type { AvailabilityQuery, SlotJson } from './availability.schemas';

export function toAvailabilityRequest(businessId: string, query: AvailabilityQuery): bookingV1.GetAvailabilityRequest {
  return {
    businessId,
    serviceId: query.service_id,
    date: query.date,
    days: query.days,
    staffId: query.staff_id ?? '',
    partySize: query.party_size,
  };
}

export function toSlotsResponse(slots: bookingV1.AvailableSlot[]): { slots: SlotJson[] } {
  return {
    slots: slots.map((slot) => ({
      starts_at: slot.startsAt,
      ends_at: slot.endsAt,
      staff_ids: slot.staffIds,
      resource_ids: slot.resourceIds,
      remaining: slot.remaining,
    })),
  };
}
