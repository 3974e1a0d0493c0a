#!/usr/bin/env node
/** The `lowbit` executable (package.json `bin` → `dist/cli.js`): `main` runs the CLI on this process's streams. */
import { main } from './main.js';

await main(process.argv);
