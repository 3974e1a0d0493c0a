#!/usr/bin/env node
// Entry of the `lowbit` command: loads the TypeScript sources through tsx, so `npx lowbit` works
// right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
