import * as tf from '@tensorflow/tfjs';
import { numberArith, type Arith } from '../../../cost-models/arith.js';
import type { EnergyModel } from '../../../cost-models/energyModel.js';
import type { MacGroup, MulGroup, Operand, OpTrace } from '../../../cost-models/opTrace.js';
import type { EnergyCategory } from '../../../cost-models/priceTrace.js';
import type { BitVariables } from '../bitVariables.js';
import { tfArith } from '../tfArith.js';

type F = <T>(A: Arith<T>, w: T[], p: T[]) => T;

/** count × f(widths of `ops`, `params`), for one energy category; terms of one `batch` share f. */
interface Term {
  cat: EnergyCategory;
  batch: string;
  count: number;
  ops: Operand[];
  params: number[];
  f: F;
}

/**
 * The cost of a trace with scalar bitlength variables (granularity `layer` or `tensor-role`) as a few vectorised
 * tensor ops: the ops are grouped into batches that share a formula, their widths gathered from the variables with
 * a one-hot matrix product (no gather, whose gradient some backends lack), then priced with the model's own
 * formulas applied elementwise. Equal, up to float32 rounding, to `priceTrace` over `tfArith`, which takes one small
 * op per group. Returns a function that builds the scalar (pJ) over the categories `cats`.
 */
export function vectorCost(trace: OpTrace, model: EnergyModel, bits: BitVariables, cats: readonly EnergyCategory[]): () => tf.Tensor {
  const keys = [...bits.variables.keys()];
  const vars = keys.map((k) => bits.variables.get(k)!);
  const varIndex = (op: Operand) => (op.format.kind === 'int' ? keys.indexOf(bits.keyOf(op.ref) ?? '') : -1);
  let constant = 0;
  const batches = new Map<string, Term[]>();
  for (const t of terms(trace, model)) {
    if (!cats.includes(t.cat) || t.count === 0) continue;
    if (t.ops.every((o) => varIndex(o) < 0)) {
      constant += t.count * t.f(numberArith, t.ops.map((o) => o.format.bits), t.params);
      continue;
    }
    batches.set(t.batch, [...(batches.get(t.batch) ?? []), t]);
  }
  return () => {
    const v = tf.reshape(tf.stack(vars), [-1, 1]);
    let total: tf.Tensor = tf.scalar(constant);
    for (const list of batches.values()) {
      const arity = list[0]!.ops.length;
      const widths = Array.from({ length: arity }, (_, j) => {
        const onehot = new Float32Array(list.length * keys.length);
        const fixed = new Float32Array(list.length);
        list.forEach((t, i) => {
          const k = varIndex(t.ops[j]!);
          if (k >= 0) onehot[i * keys.length + k] = 1;
          else fixed[i] = t.ops[j]!.format.bits;
        });
        return tf.add(tf.reshape(tf.matMul(tf.tensor2d(onehot, [list.length, keys.length]), v), [-1]), tf.tensor1d(fixed));
      });
      const params = list[0]!.params.map((_, j) => tf.tensor1d(list.map((t) => t.params[j]!)));
      const e = list[0]!.f(tfArith, widths, params);
      total = tf.add(total, tf.sum(tf.mul(tf.tensor1d(list.map((t) => t.count)), e)));
    }
    return total;
  };
}

/** Every priced term of a trace, mirroring `priceTrace`. */
function* terms(trace: OpTrace, m: EnergyModel): Generator<Term> {
  for (const l of trace.layers) {
    for (const g of l.macs) {
      yield product(g, m);
      yield accumulate(g, m);
    }
    for (const g of l.muls) yield product(g, m);
    for (const g of l.adds) {
      const f = g.operand.format;
      if (f.kind === 'float') yield { cat: 'add', batch: `fadd`, count: g.count, ops: [], params: [], f: (A) => m.floatAddPj(A, f.e, f.m) };
      else yield { cat: 'add', batch: 'add', count: g.count, ops: [g.operand], params: [], f: (A, [w]) => m.intAddPj(A, w!) };
    }
    for (const g of l.compares) yield { cat: 'compare', batch: 'cmp', count: g.count, ops: [g.operand], params: [], f: (A, [w]) => m.comparePj(A, w!) };
    for (const a of l.memory) {
      if (a.elements === 0) continue;
      const cat = a.category === 'weight' ? 'weightMemory' : a.category === 'activation' ? 'activationMemory' : 'optimizerMemory';
      const f: F = (A, [w], [n, rw]) => {
        const bitsTotal = A.mul(n!, w!);
        return A.mul(A.mul(rw!, bitsTotal), a.store === 'sram' ? m.sramPjPerBit(A, bitsTotal) : m.dramPjPerBit(A, bitsTotal));
      };
      yield { cat, batch: `mem:${a.store}`, count: 1, ops: [a.operand], params: [a.elements, a.reads + a.writes], f };
    }
    // shift moves and index tables, as priceTrace prices them (cost-models/opTrace.ts MoveGroup, IndexTable)
    for (const g of l.moves ?? []) {
      const f: F = (A, [w], [n]) => A.mul(A.c(2), A.mul(w!, m.sramPjPerBit(A, A.mul(n!, w!))));
      yield { cat: 'activationMemory', batch: 'move', count: g.count, ops: [g.operand], params: [g.bufferElements], f };
    }
    for (const t of l.indexes ?? []) {
      const bitsTotal = t.entries * t.bits;
      yield { cat: 'weightMemory', batch: 'index', count: t.reads, ops: [], params: [], f: (A) => A.mul(A.c(bitsTotal), m.dramPjPerBit(A, A.c(bitsTotal))) };
    }
  }
}

function product(g: MulGroup, m: EnergyModel): Term {
  const base = { cat: 'multiply' as const, count: g.count, params: [] };
  const u = g.unit;
  switch (u.kind) {
    case 'intMul':
      return { ...base, batch: 'mul', ops: [g.a, g.b], f: (A, [a, b]) => m.intMulPj(A, a!, b!) };
    case 'floatMul':
      return { ...base, batch: 'fmul', ops: [], f: (A) => m.floatMulPj(A, u.e, u.m) };
    case 'xnor':
      return { ...base, batch: 'xnor', ops: [], f: (A) => m.xnorPj(A) };
    case 'mux':
      return { ...base, batch: `mux:${u.ternary}`, ops: [u.data === 'a' ? g.a : g.b], f: (A, [w]) => m.muxPj(A, w!, u.ternary) };
    case 'shift': {
      const data = u.data === 'a' ? g.a : g.b;
      const fd = data.format;
      if (fd.kind === 'float') return { ...base, batch: 'fexp', ops: [], f: (A) => m.intAddPj(A, A.c(fd.e)) };
      if (fd.kind === 'pow2') return { ...base, batch: 'add', ops: [data], f: (A, [w]) => m.intAddPj(A, w!) };
      return { ...base, batch: `shift:${u.span}`, ops: [data], f: (A, [w]) => m.shiftPj(A, w!, u.span) };
    }
  }
}

function accumulate(g: MacGroup, m: EnergyModel): Term {
  const base = { cat: 'accumulate' as const, count: g.count };
  const acc = g.accumulator;
  switch (acc.kind) {
    case 'float':
      return { ...base, batch: 'fadd', ops: [], params: [], f: (A) => m.floatAddPj(A, acc.e, acc.m) };
    case 'popcount':
      return { ...base, batch: 'popcount', ops: [], params: [], f: (A) => m.popcountPj(A, g.fanIn) };
    case 'int':
      return { ...base, batch: 'add', ops: [acc.operand], params: [], f: (A, [w]) => m.intAddPj(A, w!) };
    case 'sum': {
      const ops = acc.terms.map((t) => (t === 'a' ? g.a : g.b));
      return { ...base, batch: `sum:${ops.length}`, ops, params: [acc.extraBits], f: (A, w, [x]) => m.intAddPj(A, w.reduce((s, b) => A.add(s, b), x!)) };
    }
  }
}
