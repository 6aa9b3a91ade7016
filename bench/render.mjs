// `node bench/render.mjs <report.json>`: writes bench/RESULTS.md again from a run's raw report (the
// report.json that `npm run bench` leaves next to its platform log), with the current report code and
// the current bench/CHANGES.md, e.g. after recording a change in CHANGES.md. Measures nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from './lib/report.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const source = process.argv[2];
if (!source || !existsSync(source)) {
  console.error(`usage: node bench/render.mjs <report.json of a bench run>${source ? ` (${source} does not exist)` : ''}`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(source, 'utf8'));
if (!Array.isArray(report.scenarios) || !report.config) {
  console.error(`${source} is not a bench report (no scenarios or config)`);
  process.exit(1);
}
if (report.aborted) {
  console.error(`${source} is from a run that stopped early (${report.aborted.split('\n')[0]}); bench/RESULTS.md is left as it was`);
  process.exit(1);
}
const changes = path.join(BENCH, 'CHANGES.md');
report.changes = existsSync(changes) ? readFileSync(changes, 'utf8') : undefined;
report.rendered = new Date().toISOString();
writeFileSync(path.join(BENCH, 'RESULTS.md'), renderMarkdown(report));
console.log(`bench: wrote bench/RESULTS.md from ${source} (run of ${report.started})`);
