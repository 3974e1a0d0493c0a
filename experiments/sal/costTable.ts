/**
 * SAL study, cost side: FLOPs, parameters, shift moves and energy of the conv, shift, SAL-before-rounding and
 * SAL-after-rounding forms of the study's CNN (`salCost.ts`). Writes `experiments/sal/results/cost.json` (or
 * `cost-policy.json` with --policy) and, without --policy, one topology per form in `experiments/sal/models/`, which
 * `lowbit cost --model experiments/sal/models/<form>.json` reads.
 *
 * Usage: node bin/run-ts.js experiments/sal/costTable.ts [--policy experiments/policies/int8.json]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { PolicySpec } from '../../src/index.js';
import { SAL_COST_FORMS, salCostRow, type SalCostRow } from './salCost.js';

const { values } = parseArgs({ options: { policy: { type: 'string' } } });
const policy = values.policy ? (JSON.parse(readFileSync(values.policy, 'utf8')) as PolicySpec) : undefined;
await tf.setBackend('cpu');
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'models'), { recursive: true });
const rows: SalCostRow[] = [];
for (const f of SAL_COST_FORMS) {
  const { row, topology } = salCostRow(f, policy);
  if (!values.policy) writeFileSync(join(here, 'models', `${f.form}.json`), JSON.stringify(topology, null, 1) + '\n');
  rows.push(row);
}
const n = (x: number) => Math.round(x).toLocaleString('en-US');
console.log('| form | FLOPs | MACs | params | index bits | params (32-bit eq.) | shift moves | energy horowitz45nm (of which moves) | energy qtools |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.form} | ${n(r.flops)} | ${n(r.macs)} | ${n(r.params)} | ${n(r.indexBits)} | ${n(r.params32)} | ${n(r.shiftMoves)} | `
    + `${(r.energyPj.horowitz45nm / 1e6).toFixed(2)} µJ (${(r.moveEnergyPj / 1e6).toFixed(3)}) | ${(r.energyPj.qtools / 1e6).toFixed(2)} µJ |`);
}
const out = join(here, 'results', values.policy ? 'cost-policy.json' : 'cost.json');
writeFileSync(out, JSON.stringify({ policy: values.policy ?? 'float32', phase: 'inference', rows }, null, 2) + '\n');
console.log(`wrote ${out}`);
