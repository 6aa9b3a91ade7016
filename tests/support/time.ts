/** 10:00 Tokyo time on the (UTC) date `days` from now, as RFC 3339 with offset. */
export function tokyoTenAm(days: number): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T10:00:00+09:00`;
}
