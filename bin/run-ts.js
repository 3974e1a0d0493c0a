#!/usr/bin/env node
// Runs a TypeScript file of this project (benchmarks, scripts) through tsx: `node bin/run-ts.js FILE [args]`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const file = process.argv[2];
if (!file) {
  process.stderr.write('run-ts: missing argument FILE (a .ts file to run)\n');
  process.exit(2);
}
register();
process.argv.splice(1, 1);
await import(pathToFileURL(resolve(file)).href);
