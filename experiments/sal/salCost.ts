/**
 * SAL study, cost side (library of `costTable.ts` and `figures.ts`): FLOPs, parameters, shift moves and energy of
 * the study's CNN (the `lowbit train` configs in `configs/`) as a conv net, a shift-layer net, and SAL nets before
 * rounding (training form: k×k convolution + attention logits) and after rounding (shifts + 1×1 convolutions + a
 * 4-bit shift index per kernel), from lowbit's cost model (`profileModel` + `costReport`, which prices a shift as
 * an SRAM read + write with no multiplier). No training: the counts do not depend on the weights.
 */
import { readFileSync } from 'node:fs';
import { buildModel, validateTrainConfig, type PolicySpec } from '../../src/index.js';
import { costReport, horowitz45nm, profileModel, qtools, type CostReport, type OpTrace } from '../../src/cost/index.js';
import { roundSalLayers } from '../../src/shift/index.js';

/** Which layer replaces the two inner 3×3 convolutions. */
export type SalVariant = 'conv' | 'shift' | 'sal' | 'salShared';

/** The variants, in table order. */
export const SAL_VARIANTS: readonly SalVariant[] = ['conv', 'shift', 'sal', 'salShared'];

/** One form of the net: a variant, and for SALs whether the attention was rounded to one-hot. */
export interface SalCostForm {
  form: string;
  variant: SalVariant;
  rounded: boolean;
}

/** The forms in table order. */
export const SAL_COST_FORMS: readonly SalCostForm[] = [
  { form: 'conv', variant: 'conv', rounded: false },
  { form: 'shift', variant: 'shift', rounded: false },
  { form: 'sal-soft', variant: 'sal', rounded: false },
  { form: 'sal-rounded', variant: 'sal', rounded: true },
  { form: 'salShared-soft', variant: 'salShared', rounded: false },
  { form: 'salShared-rounded', variant: 'salShared', rounded: true },
];

/** The figures of one form (inference, per example). */
export interface SalCostRow {
  form: string;
  /** 2 × MACs. */
  flops: number;
  macs: number;
  params: number;
  indexBits: number;
  /** params + indexBits / 32: the official `resnet20.py` count. */
  params32: number;
  shiftMoves: number;
  energyPj: { horowitz45nm: number; qtools: number };
  /** The part of `energyPj.horowitz45nm` spent on shift moves (SRAM read + write per move). */
  moveEnergyPj: number;
}

/** The study's `lowbit train` config of a variant (`configs/<variant>.json`), validated. */
export function salConfig(variant: SalVariant) {
  return validateTrainConfig(JSON.parse(readFileSync(new URL(`configs/${variant}.json`, import.meta.url), 'utf8')));
}

/** Builds a form's model from its config (optionally rounded) and prices it; returns its row, report and topology. */
export function salCostRow(f: SalCostForm, policy?: PolicySpec): { row: SalCostRow; report: CostReport; topology: unknown } {
  const cfg = salConfig(f.variant);
  const model = buildModel(cfg.model, { inputShape: [28, 28, 1], numClasses: 10, policy: cfg.policy, seed: cfg.seed, salIters: 1 });
  if (f.rounded) roundSalLayers(model);
  const topology = model.toJSON(null, false);
  const trace = profileModel(model, policy ? { policy } : {});
  model.dispose();
  const report = costReport(trace, horowitz45nm);
  const t = report.totals;
  const row: SalCostRow = {
    form: f.form, flops: 2 * t.macs, macs: t.macs, params: t.params, indexBits: t.indexBits, params32: t.params + t.indexBits / 32,
    shiftMoves: t.shiftMoves, energyPj: { horowitz45nm: t.energyPj, qtools: costReport(trace, qtools).totals.energyPj },
    moveEnergyPj: costReport(movesOnly(trace), horowitz45nm).totals.energyPj,
  };
  return { row, report, topology };
}

/** The trace with only its shift moves (pricing is additive over groups, so this prices the moves alone). */
function movesOnly(trace: OpTrace): OpTrace {
  const none = { tensors: [], macs: [], muls: [], adds: [], compares: [], unpriced: [], memory: [], indexes: [] };
  return { ...trace, layers: trace.layers.map((l) => ({ ...l, ...none })) };
}
