import { readFileSync } from 'node:fs';

/**
 * lowbit's version from its package.json, read without loading tfjs (src/training/runRecord.ts has the same
 * reading beside the tfjs-dependent run record; the queue coordinator and workers must start light).
 */
export function lowbitPackageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
