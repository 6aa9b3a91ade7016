// Tagged, optionally coloured output for child processes: every line starts with `[booking:worker]`.
import readline from 'node:readline';

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const PALETTE = [36, 35, 33, 34, 32, 91, 96, 95, 93];
const colours = new Map();
let width = 0;

/** Registers a tag so every tag is padded to the widest one. */
export function reserveTag(tag) {
  width = Math.max(width, tag.length);
}

function paint(tag, group) {
  if (!useColour) return tag.padEnd(width);
  if (!colours.has(group)) colours.set(group, PALETTE[colours.size % PALETTE.length]);
  return `\u001b[${colours.get(group)}m${tag.padEnd(width)}\u001b[0m`;
}

/** Copies each line of `stream` to `target`, prefixed with the tag (coloured by `group`, e.g. the service). */
export function pipeTagged(stream, target, tag, group) {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => target.write(`${paint(tag, group)} ${line}\n`));
}

export function warn(message) {
  console.error(useColour ? `\u001b[33m${message}\u001b[0m` : message);
}
