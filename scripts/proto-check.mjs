// CI guard: the committed generated code must equal what `npm run proto` produces, and buf lint must pass.
import { execSync } from 'node:child_process';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
run('npm run --silent proto:lint');
run('npm run --silent proto');
const stale = execSync('git status --porcelain -- proto/gen proto/index.ts').toString().trim();
if (stale) {
  console.error(`Generated protobuf code is stale; run \`npm run proto\` and commit:\n${stale}`);
  process.exit(1);
}
console.log('proto: lint clean, generated code fresh');
