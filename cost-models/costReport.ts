import { numberArith } from './arith.js';
import type { EnergyModel } from './energyModel.js';
import { operandFormatText, storageBits } from './operandFormat.js';
import type { MacGroup, OpTrace, Phase } from './opTrace.js';
import { COMPUTE_CATEGORIES, ENERGY_CATEGORIES, priceTrace, type EnergyCategory } from './priceTrace.js';

/**
 * Counts and energies of one layer (or of the whole model, in `totals`). Energies in pJ.
 * @example
 * const { macs, energyPj, energyPjByCategory } = costReport(trace, horowitz45nm).totals;
 */
export interface CostFigures {
  /** Multiply-accumulates of the phase (training: forward, error propagation and weight gradient). */
  macs: number;
  /** Trainable parameters. */
  params: number;
  /** Bits of the parameters in their `weight` / `bias` formats. */
  weightBits: number;
  /** ceil(weightBits / 8). */
  weightBytes: number;
  /** Shift moves (values copied to a shifted address, no multiplier; shift layers and rounded SALs). */
  shiftMoves: number;
  /** Bits of stored index tables (a rounded SAL's ⌈log₂k²⌉-bit shift index per kernel); not in `weightBits`. */
  indexBits: number;
  /** Output activations (values) and their bits in the `activation` format. */
  activations: number;
  activationBits: number;
  computePj: number;
  memoryPj: number;
  energyPj: number;
  energyPjByCategory: Record<EnergyCategory, number>;
  /** MACs by unit, e.g. `{ "int8×int8 intMul": 1.8e9 }`. */
  macsByUnit: Record<string, number>;
}

/**
 * One layer's row of a cost report: its name and class with its `CostFigures`.
 * @example
 * for (const l of costReport(trace, horowitz45nm).layers) console.log(l.name, l.className, l.energyPj);
 */
export interface LayerCostReport extends CostFigures {
  name: string;
  className: string;
}

/**
 * The output of `lowbit cost --format json`.
 * @example
 * const report: CostReport = costReport(profileModel(zooModel('resnet18')), horowitz45nm);
 * report.totals.energyPj; // pJ per image
 */
export interface CostReport {
  model: string;
  phase: Phase;
  batchSize: number;
  costModel: { id: string; citation: string; sramTable: string };
  /** Where the formats come from: the model's own, or a what-if policy overriding them (`OpTrace.whatIf`). */
  formats: 'model' | 'what-if policy';
  layers: LayerCostReport[];
  totals: CostFigures;
  /** Ops counted but not priced (exp of softmax, tanh…), summed over layers. */
  unpriced: Record<string, number>;
}

/**
 * Prices a trace with an energy model: per-layer and total MACs, parameters, weight and activation bits, shift
 * moves and index bits, and energy split into compute and memory (pJ). Pure; additive over layers (totals are the
 * sums). FLOPs in the usual sense are 2 × MACs.
 * @example costReport(profileModel(zooModel('lenet5')), horowitz45nm).totals.energyPj
 */
export function costReport(trace: OpTrace, model: EnergyModel): CostReport {
  const priced = priceTrace(trace, model, numberArith);
  const layers = trace.layers.map((layer, i): LayerCostReport => {
    const byCat = priced[i]!;
    const computePj = COMPUTE_CATEGORIES.reduce((s, c) => s + byCat[c], 0);
    const energyPj = ENERGY_CATEGORIES.reduce((s, c) => s + byCat[c], 0);
    // a layer's own tensors (a max pool's output is in its producer's format: its operand names the producer)
    const bitsOf = (roles: string[]) => layer.tensors.filter((t) => roles.includes(t.operand.ref.role));
    const weightBits = sum(bitsOf(['weight', 'bias']).map((t) => t.elements * storageBits(t.operand.format)));
    const acts = bitsOf(['activation']);
    const macsByUnit: Record<string, number> = {};
    for (const g of layer.macs) macsByUnit[unitText(g)] = (macsByUnit[unitText(g)] ?? 0) + g.count;
    return {
      name: layer.name,
      className: layer.className,
      macs: sum(layer.macs.map((g) => g.count)),
      params: layer.params,
      weightBits,
      weightBytes: Math.ceil(weightBits / 8),
      shiftMoves: sum((layer.moves ?? []).map((g) => g.count)),
      indexBits: sum((layer.indexes ?? []).map((t) => t.entries * t.bits)),
      activations: sum(acts.map((t) => t.elements)),
      activationBits: sum(acts.map((t) => t.elements * storageBits(t.operand.format))),
      computePj,
      memoryPj: energyPj - computePj,
      energyPj,
      energyPjByCategory: byCat,
      macsByUnit,
    };
  });
  const unpriced: Record<string, number> = {};
  for (const l of trace.layers) for (const u of l.unpriced) unpriced[u.op] = (unpriced[u.op] ?? 0) + u.count;
  return {
    model: trace.model,
    phase: trace.phase,
    batchSize: trace.batchSize,
    costModel: { id: model.id, citation: model.citation, sramTable: model.sramTable },
    formats: trace.whatIf ? 'what-if policy' : 'model',
    layers,
    totals: totalsOf(layers),
    unpriced,
  };
}

function totalsOf(layers: readonly CostFigures[]): CostFigures {
  const s = (f: (l: CostFigures) => number) => sum(layers.map(f));
  const weightBits = s((l) => l.weightBits);
  const macsByUnit: Record<string, number> = {};
  for (const l of layers) for (const [k, v] of Object.entries(l.macsByUnit)) macsByUnit[k] = (macsByUnit[k] ?? 0) + v;
  return {
    macs: s((l) => l.macs),
    params: s((l) => l.params),
    weightBits,
    weightBytes: Math.ceil(weightBits / 8),
    shiftMoves: s((l) => l.shiftMoves),
    indexBits: s((l) => l.indexBits),
    activations: s((l) => l.activations),
    activationBits: s((l) => l.activationBits),
    computePj: s((l) => l.computePj),
    memoryPj: s((l) => l.memoryPj),
    energyPj: s((l) => l.energyPj),
    energyPjByCategory: Object.fromEntries(ENERGY_CATEGORIES.map((c) => [c, s((l) => l.energyPjByCategory[c])])) as Record<EnergyCategory, number>,
    macsByUnit,
  };
}

function unitText(g: MacGroup): string {
  const a = operandFormatText(g.a.format);
  const b = operandFormatText(g.b.format);
  return `${g.pass} ${a}×${b} ${g.unit.kind}`;
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
