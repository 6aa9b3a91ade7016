import { localized, negotiateLocale } from '../../src/entry-points/http/locale';

describe('Accept-Language', () => {
  test.each([
    [undefined, 'ja'],
    ['', 'ja'],
    ['en', 'en'],
    ['EN-us', 'en'],
    ['ja-JP', 'ja'],
    ['fr, de', 'ja'],
    ['fr, en;q=0.5', 'en'],
    ['en;q=0.8, ja;q=0.9', 'ja'],
    ['ja;q=0.5, en;q=0.9', 'en'],
    ['en, ja', 'en'],
    ['ja, en', 'ja'],
    ['en-GB;q=0.7, ja;q=0.3', 'en'],
    ['ja;q=0, *', 'en'],
    ['en;q=0', 'ja'],
    ['*', 'ja'],
    ['ja;q=0, en;q=0', 'ja'],
    ['en;q=abc, ja;q=0.1', 'ja'],
    ['en;q=1.5', 'ja'],
    ['zh-Hant-TW, en-US;q=0.9, ja;q=0.8', 'en'],
    ['ja;q=0.2, ja-JP, en;q=0.9', 'ja'],
  ])('When the header is %p, then the answer is in %p', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  test('When the header is repeated, then the values are read as one list', () => {
    expect(negotiateLocale(['fr', 'en;q=0.4'])).toBe('en');
  });

  test('When the header is huge, then it is cut off rather than parsed at length', () => {
    expect(negotiateLocale(`${'xx;q=0.1, '.repeat(100_000)}en`)).toBe('ja');
  });
});

describe('Localized text', () => {
  test('When the chosen language has text, then it is used', () => {
    expect(localized('ja', '京都旅館', 'Kyoto Ryokan')).toBe('京都旅館');
    expect(localized('en', '京都旅館', 'Kyoto Ryokan')).toBe('Kyoto Ryokan');
  });

  test('When the chosen language is empty, then the other language fills in', () => {
    expect(localized('en', '京都旅館', '')).toBe('京都旅館');
    expect(localized('ja', undefined, 'Kyoto Ryokan')).toBe('Kyoto Ryokan');
    expect(localized('ja', null, null)).toBe('');
  });
});
