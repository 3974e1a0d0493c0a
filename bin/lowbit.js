#!/usr/bin/env node
// Entry of the `lowbit` command: loads the TypeScript sources through tsx, so `npx lowbit` works
// right after `npm ci` with no build step. All behaviour lives in main() / runCli().
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
