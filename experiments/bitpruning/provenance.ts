import { gitSha, runVersions, type BackendInfo } from '../../src/index.js';

/** What every result file records about where it came from (STYLE §8): backend, versions, git SHA, time. */
export interface Provenance {
  backend: BackendInfo;
  versions: Record<string, string>;
  gitSha: string | null;
  date: string;
}

/** Collects the provenance of a run on `backend` (read-only `git rev-parse HEAD`; null outside a repository). */
export function provenance(backend: BackendInfo): Provenance {
  // the one gitSha of lowbit (src/training/runRecord.ts)
  return { backend, versions: runVersions(backend.versions), gitSha: gitSha(), date: new Date().toISOString() };
}
