import type { Arith } from './arith.js';
import type { EnergyModel } from './energyModel.js';
import type { Accumulator, IndexTable, MacGroup, MacUnit, MemoryAccess, MemoryCategory, MoveGroup, MulGroup, Operand, OpTrace } from './opTrace.js';
import { blockScaleOps, scaleBitsPerElement, scaleMultiplyPj } from './blockScale.js';

/**
 * Energy categories of a report and a plot: four compute, three memory.
 * @example
 * for (const c of ENERGY_CATEGORIES) console.log(c, report.totals.energyPjByCategory[c]);
 */
export const ENERGY_CATEGORIES = ['multiply', 'accumulate', 'add', 'compare', 'weightMemory', 'activationMemory', 'optimizerMemory'] as const;
/**
 * One of `ENERGY_CATEGORIES`: a compute category (multiply, accumulate, add, compare) or a memory one.
 * @example
 * const c: EnergyCategory = 'weightMemory';
 */
export type EnergyCategory = (typeof ENERGY_CATEGORIES)[number];
/**
 * The compute categories; the others are memory.
 * @example
 * COMPUTE_CATEGORIES.reduce((s, c) => s + report.totals.energyPjByCategory[c], 0) // = report.totals.computePj
 */
export const COMPUTE_CATEGORIES: readonly EnergyCategory[] = ['multiply', 'accumulate', 'add', 'compare'];

const MEMORY_CATEGORY: Record<MemoryCategory, EnergyCategory> = {
  weight: 'weightMemory',
  activation: 'activationMemory',
  optimizer: 'optimizerMemory',
};

/**
 * Where an operand's width comes from when it is not the trace's static width: `slot` says how a per-channel
 * vector must be laid out (`a`: column [C, 1], `b`: row [1, C], `flat`: [C]). Return undefined for static widths.
 * @example
 * // price every weight at a learned width of 5 bits, the rest at its static width
 * priceTrace(trace, qtools, numberArith, (op) => (op.ref.role === 'weight' ? 5 : undefined))
 */
export type WidthLookup<T> = (operand: Operand, slot: 'a' | 'b' | 'flat') => T | undefined;

/**
 * Prices every op and memory access of a trace: per layer, the energy in pJ of each category. Generic over the
 * arithmetic, so it serves both `costReport` (numbers) and the differentiable cost (tfjs tensors, with `width`
 * supplying bitlength variables).
 *
 * Per group: count × mean over channel pairs of the per-op energy. A MAC costs its product (category `multiply`)
 * plus one accumulator add (`accumulate`; for XNOR, the popcount tree's share). A memory access costs
 * (reads + writes) × bits × energy per bit, where SRAM energy per bit depends on the tensor's total bits. A shift
 * move (`MoveGroup`, no multiplier) costs one SRAM read and one write of its value: 2 × bits × SRAM energy per bit
 * for an SRAM holding the shifted tensor (`activationMemory`). An index table (`IndexTable`, e.g. a rounded SAL's
 * 4-bit shift index per kernel) costs reads × entries × bits × DRAM energy per bit (`weightMemory`), at its own
 * fixed width (no bitlength variable).
 * @example priceTrace(trace, qtools, numberArith)[0].multiply // pJ of the first layer's products
 */
export function priceTrace<T>(trace: OpTrace, model: EnergyModel, A: Arith<T>, width?: WidthLookup<T>): Array<Record<EnergyCategory, T>> {
  const w = (op: Operand, slot: 'a' | 'b' | 'flat'): T => width?.(op, slot) ?? A.c(op.format.bits);
  const product = (g: MulGroup, wa: T, wb: T): T => productPj(model, A, g.unit, g.a, g.b, wa, wb);
  return trace.layers.map((layer) => {
    const sums = Object.fromEntries(ENERGY_CATEGORIES.map((c) => [c, A.c(0)])) as Record<EnergyCategory, T>;
    const addTo = (cat: EnergyCategory, count: number, perOp: T, groups = 1) => {
      sums[cat] = A.add(sums[cat], A.mul(A.c(count), A.meanGrid(perOp, groups)));
    };
    for (const g of layer.macs) {
      if (g.count === 0) continue;
      const wa = w(g.a, g.sameChannel ? 'flat' : 'a');
      const wb = w(g.b, g.sameChannel ? 'flat' : 'b');
      addTo('multiply', g.count, product(g, wa, wb), g.groups);
      addTo('accumulate', g.count, accumulatePj(model, A, g, wa, wb, w), g.groups);
      for (const s of blockScaleOps(g, g.fanIn)) addTo('multiply', s.count, scaleMultiplyPj(model, A, s));
    }
    for (const g of layer.muls) {
      if (g.count > 0) addTo('multiply', g.count, product(g, w(g.a, g.sameChannel ? 'flat' : 'a'), w(g.b, g.sameChannel ? 'flat' : 'b')));
      for (const s of blockScaleOps(g, 1)) addTo('multiply', s.count, scaleMultiplyPj(model, A, s));
    }
    for (const g of layer.adds) if (g.count > 0) addTo('add', g.count, addPj(model, A, g.operand, w(g.operand, 'flat')));
    for (const g of layer.compares) if (g.count > 0) addTo('compare', g.count, model.comparePj(A, w(g.operand, 'flat')));
    for (const m of layer.memory) {
      if (m.elements === 0 || m.reads + m.writes === 0) continue;
      // a block-scaled operand also stores its share of the block's scale (MXFP4: 4 + 8/32 bits per element)
      const bits = A.add(A.meanGrid(w(m.operand, 'flat'), 1), A.c(scaleBitsPerElement(m.operand.format)));
      sums[MEMORY_CATEGORY[m.category]] = A.add(sums[MEMORY_CATEGORY[m.category]], memoryPj(model, A, m, bits));
    }
    for (const g of layer.moves ?? []) if (g.count > 0) addTo('activationMemory', g.count, movePj(model, A, g, A.meanGrid(w(g.operand, 'flat'), 1)));
    for (const t of layer.indexes ?? []) sums.weightMemory = A.add(sums.weightMemory, indexPj(model, A, t));
    return sums;
  });
}

function productPj<T>(model: EnergyModel, A: Arith<T>, unit: MacUnit, a: Operand, b: Operand, wa: T, wb: T): T {
  switch (unit.kind) {
    case 'floatMul':
      return model.floatMulPj(A, unit.e, unit.m);
    case 'intMul':
      return model.intMulPj(A, wa, wb);
    case 'xnor':
      return model.xnorPj(A);
    case 'mux':
      return model.muxPj(A, unit.data === 'a' ? wa : wb, unit.ternary);
    case 'shift': {
      const data = unit.data === 'a' ? a.format : b.format;
      const wd = unit.data === 'a' ? wa : wb;
      // a power of two times a float adds to its exponent; times a power of two, exponents add
      if (data.kind === 'float') return model.intAddPj(A, A.c(data.e));
      if (data.kind === 'pow2') return model.intAddPj(A, wd);
      return model.shiftPj(A, wd, unit.span);
    }
  }
}

function accumulatePj<T>(model: EnergyModel, A: Arith<T>, g: MacGroup, wa: T, wb: T, w: (op: Operand, slot: 'flat') => T): T {
  const acc: Accumulator = g.accumulator;
  switch (acc.kind) {
    case 'float':
      return model.floatAddPj(A, acc.e, acc.m);
    case 'int':
      return model.intAddPj(A, A.meanGrid(w(acc.operand, 'flat'), 1));
    case 'sum':
      return model.intAddPj(A, acc.terms.reduce((s, t) => A.add(s, t === 'a' ? wa : wb), A.c(acc.extraBits)));
    case 'popcount':
      return model.popcountPj(A, g.fanIn);
  }
}

function addPj<T>(model: EnergyModel, A: Arith<T>, op: Operand, wop: T): T {
  return op.format.kind === 'float' ? model.floatAddPj(A, op.format.e, op.format.m) : model.intAddPj(A, wop);
}

function memoryPj<T>(model: EnergyModel, A: Arith<T>, m: MemoryAccess, bitsPerElement: T): T {
  const totalBits = A.mul(A.c(m.elements), bitsPerElement);
  const perBit = m.store === 'sram' ? model.sramPjPerBit(A, totalBits) : model.dramPjPerBit(A, totalBits);
  return A.mul(A.c(m.reads + m.writes), A.mul(totalBits, perBit));
}

/** One shift move: read + write of one value in the SRAM holding the shifted tensor (Horowitz/QKeras SRAM per bit). */
function movePj<T>(model: EnergyModel, A: Arith<T>, g: MoveGroup, bits: T): T {
  const perBit = model.sramPjPerBit(A, A.mul(A.c(g.bufferElements), bits));
  return A.mul(A.c(2), A.mul(bits, perBit));
}

/** An index table read whole from DRAM `reads` times, at its fixed width. */
function indexPj<T>(model: EnergyModel, A: Arith<T>, t: IndexTable): T {
  const totalBits = A.c(t.entries * t.bits);
  return A.mul(A.c(t.reads), A.mul(totalBits, model.dramPjPerBit(A, totalBits)));
}
