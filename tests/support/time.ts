/** 10:00 Tokyo time on the (UTC) date `days` from now, as RFC 3339 with offset. */
export function tokyoTenAm(days: number): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T10:00:00+09:00`;
}

/** An instant as Tokyo's clock shows it (RFC 3339 with +09:00; Japan has no daylight saving), the form booking answers use. */
export function tokyoClock(value: string | number | Date): string {
  return `${new Date(new Date(value).getTime() + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
}
