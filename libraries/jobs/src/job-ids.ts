/**
 * Stable job ids for work that must be scheduled once per thing (BullMQ ignores an add whose id
 * still exists). BullMQ rejects custom ids that contain `:` or are plain integers, hence the `-`
 * separator and the prefix word.
 */
function part(value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(value)) throw new Error(`invalid job id part: ${JSON.stringify(value.slice(0, 40))}`);
  return value;
}

export const jobIds = {
  holdExpiry: (bookingId: string) => `hold-${part(bookingId)}`,
  /** `kind` tells apart the reminders of one booking, e.g. `24h` and `2h`. */
  reminder: (bookingId: string, kind: string) => `reminder-${part(bookingId)}-${part(kind)}`,
};
