import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startHarness, type Harness } from '../support/gateway-harness';

/**
 * /docs in a real browser: Debian's Chromium (`apt-get install chromium`; .ci/run installs it), driven
 * by playwright-core. Never skipped: without the browser this test fails and says what to install.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Headless on a closed network: no GPU, no background calls home, a fresh profile every run.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let h: Harness;
let browser: BrowserContext;
let profile: string;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  profile = mkdtempSync(join(tmpdir(), 'omotenashi-docs-'));
  h = await startHarness();
  browser = await chromium.launchPersistentContext(join(profile, 'profile'), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 2400 },
  });
}, 120_000);
afterAll(async () => {
  // Whatever Chromium does on its way out, the gateway and its test database still go.
  try {
    await browser?.close();
  } finally {
    await h?.close();
  }
});

describe('/docs in headless Chromium', () => {
  test('When /docs is opened, then Swagger UI renders every operation without a CSP violation or failed request', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });

    await page.goto(`${h.gateway.url}/docs`, { waitUntil: 'load' });
    await page.waitForSelector('.swagger-ui .opblock', { timeout: 30_000 });
    const screenshot = join(profile, 'docs.png');
    await page.screenshot({ path: screenshot, fullPage: false });
    console.info(`Swagger UI screenshot: ${screenshot}`);

    const operations = await page.$$eval('.swagger-ui .opblock', (blocks) =>
      blocks.map((block) =>
        [block.querySelector('.opblock-summary-method'), block.querySelector('.opblock-summary-path')]
          .map((element) => element?.textContent?.replace(/\u200b/g, '').trim())
          .join(' '),
      ),
    );
    const title = await page.textContent('.swagger-ui .info .title');

    expect(operations).toEqual(expect.arrayContaining(['POST /v1/businesses', 'GET /v1/businesses/{businessId}']));
    const documented = (await h.request('GET', '/openapi.json', { anonymous: true })).body;
    const documentedCount = Object.values(documented.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(operations).toHaveLength(documentedCount);
    expect(title).toContain('おもてなし');
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
