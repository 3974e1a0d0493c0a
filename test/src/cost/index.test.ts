import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { HEAVY, loadedPackages } from '../../_loadedPackages.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe("the 'lowbit/cost' entry", () => {
  it('prices a zoo model without loading tfjs, mathjs, vega, SQLite or resvg (built dist/cost.js)', () => {
    const code = "const c = await import('lowbit/cost'); const r = c.costReport(c.profileModel(c.zooModel('lenet5'), {}), c.horowitz45nm); if (!(r.totals.energyPj > 0)) process.exit(3);";
    const r = loadedPackages(['--input-type=module', '-e', code], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages.filter((p) => HEAVY.test(p))).toEqual([]);
  });
});
