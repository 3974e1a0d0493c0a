import { packageVersion } from '../_internal/packageRoot.js';

/**
 * lowbit's version from its package.json (the package root is found once, in src/_internal/packageRoot.ts, from
 * the sources and from a build in `dist/` alike).
 * @example lowbitPackageVersion() // '0.1.0'
 */
export function lowbitPackageVersion(): string {
  return packageVersion();
}
