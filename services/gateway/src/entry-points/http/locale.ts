import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The answer language: `ja` (the default) or `en`, negotiated from `Accept-Language` (q-values honoured).
 * Bilingual fields always come as `*_ja` and `*_en`; mappers fill the single `display_name` / `name`
 * in the negotiated language:
 *
 *   display_name: localized(request.locale, business.displayNameJa, business.displayNameEn)
 *
 * Every /v1 answer says which language it chose (`Content-Language`) and that it depends on the
 * header (`Vary: Accept-Language`), so shared caches keep the languages apart.
 */

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ja';

/** Longer headers are cut: a real one is a few dozen characters. */
const MAX_HEADER_LENGTH = 512;
const MAX_RANGES = 32;
const RANGE = /^([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)$/;
const QVALUE = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * RFC 9110 §12.5.4: each range's weight goes to the locale it names (by primary subtag, so `en-GB`
 * counts for `en`), `*` to locales no range names; `q=0` rules a locale out. The heaviest wins; on a
 * tie the one named first; with no match (or no header) `ja`.
 */
export function negotiateLocale(header: string | string[] | undefined): Locale {
  const text = (Array.isArray(header) ? header.join(',') : (header ?? '')).slice(0, MAX_HEADER_LENGTH);
  const named = new Map<Locale, { q: number; order: number }>();
  let wildcard: { q: number; order: number } | undefined;
  text
    .split(',')
    .slice(0, MAX_RANGES)
    .forEach((part, order) => {
      const [rangeText = '', ...params] = part.split(';').map((piece) => piece.trim());
      if (!RANGE.test(rangeText)) return;
      const q = weightOf(params);
      if (q === undefined) return;
      if (rangeText === '*') {
        wildcard ??= { q, order };
        return;
      }
      const primary = rangeText.split('-')[0]!.toLowerCase();
      const locale = LOCALES.find((candidate) => candidate === primary);
      if (!locale) return;
      const seen = named.get(locale);
      // A locale takes the best q among the ranges naming it (`ja;q=0.2, ja-JP` → 1), first position kept.
      if (!seen || q > seen.q) named.set(locale, { q, order: seen ? seen.order : order });
    });

  let best: { locale: Locale; q: number; order: number } | undefined;
  for (const locale of LOCALES) {
    const weight = named.get(locale) ?? wildcard;
    if (!weight || weight.q <= 0) continue;
    if (!best || weight.q > best.q || (weight.q === best.q && weight.order < best.order)) best = { locale, ...weight };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

function weightOf(params: string[]): number | undefined {
  const qParam = params.find((param) => /^q=/i.test(param));
  if (qParam === undefined) return 1;
  return QVALUE.test(qParam) ? Number(qParam.slice(2)) : undefined;
}

/** The text in `locale`, falling back to the other language when that one is empty. */
export function localized(locale: Locale, ja: string | undefined | null, en: string | undefined | null): string {
  const [first, second] = locale === 'en' ? [en, ja] : [ja, en];
  return first || second || '';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The negotiated answer language (from Accept-Language; `ja` when it names neither). */
    locale: Locale;
  }
}

/** Appends to `Vary` without repeating a name already there. */
export function appendVary(reply: FastifyReply, name: string): void {
  const current = reply.getHeader('vary');
  const names = String(current ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (names.includes('*') || names.some((item) => item.toLowerCase() === name.toLowerCase())) return;
  void reply.header('vary', [...names, name].join(', '));
}

const isPublicApi = (request: FastifyRequest) => (request.routeOptions.url ?? request.url).startsWith('/v1');

/** `request.locale`, plus `Content-Language` and `Vary: Accept-Language` on every /v1 answer. */
export const localePlugin = fp(
  async (app) => {
    app.decorateRequest('locale', {
      getter(this: FastifyRequest) {
        return negotiateLocale(this.headers['accept-language']);
      },
    });
    app.addHook('onSend', (request, reply, payload, done) => {
      if (isPublicApi(request)) {
        // Problems are written in English whatever was asked for; other answers in the chosen language.
        const isProblem = String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json');
        void reply.header('content-language', isProblem ? 'en' : request.locale);
        appendVary(reply, 'Accept-Language');
      }
      done(null, payload);
    });
  },
  { name: 'locale' },
);
