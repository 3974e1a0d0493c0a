import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../_internal/packageRoot.js';

/**
 * lowbit's version from its package.json (found from the sources or from the dist/ bundles alike), read without
 * loading tfjs: the queue coordinator and workers must start light.
 */
export function lowbitPackageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
