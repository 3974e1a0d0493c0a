#!/usr/bin/env node
/**
 * The `lowbit` executable (package.json `bin` → `dist/cli.js`). A closed stdout (`lowbit format --table X | head`)
 * ends the command quietly, as for any Unix filter, instead of an EPIPE stack trace.
 */
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
await import('./main.js');
