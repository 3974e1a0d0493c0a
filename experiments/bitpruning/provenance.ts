import { execFileSync } from 'node:child_process';
import { runVersions, type BackendInfo } from '../../src/index.js';

/** What every result file records about where it came from (STYLE §8): backend, versions, git SHA, time. */
export interface Provenance {
  backend: BackendInfo;
  versions: Record<string, string>;
  gitSha: string | null;
  date: string;
}

/** Collects the provenance of a run on `backend` (read-only `git rev-parse HEAD`; null outside a repository). */
export function provenance(backend: BackendInfo): Provenance {
  let gitSha: string | null = null;
  try {
    gitSha = execFileSync('git', ['rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    gitSha = null;
  }
  return { backend, versions: runVersions(backend.versions), gitSha, date: new Date().toISOString() };
}
