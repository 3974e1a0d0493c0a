import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Before any test: rebuild dist/'s JavaScript when a source changed since the last build (`scripts/build.mjs --js
 * --if-stale`: the inputs of the last build are hashed; a rebuild takes about a second, a check a few ms).
 *
 * Why: tests run on the TypeScript sources, but the CLI tests spawn the real executable (`dist/cli.js`, what
 * `npx lowbit` runs) and study runs fork the compiled worker, so a stale dist/ would test old code.
 */
export default function setup(): void {
  const script = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--js', '--if-stale'], { stdio: 'inherit' });
}
