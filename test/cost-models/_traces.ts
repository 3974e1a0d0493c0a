import fc from 'fast-check';
import type { LayerTrace, MacGroup, Operand, OperandFormat, OpTrace } from '../../cost-models/opTrace.js';
import { classifyMac, defaultAccumulator } from '../../cost-models/macUnit.js';

/** Test helpers: hand-built traces and random ones (fast-check). */
export const int = (bits: number): OperandFormat => ({ kind: 'int', bits });
export const op = (layer: string, role: Operand['ref']['role'], format: OperandFormat): Operand => ({ ref: { layer, role }, format });

export function mac(count: number, fanIn: number, a: Operand, b: Operand, extra: Partial<MacGroup> = {}): MacGroup {
  const unit = classifyMac(a.format, b.format);
  return { pass: 'forward', label: 'forward', count, fanIn, a, b, unit, groups: 1, accumulator: defaultAccumulator(unit, a.format, b.format, fanIn), ...extra };
}

export function layer(name: string, parts: Partial<LayerTrace> = {}): LayerTrace {
  return { name, className: 'Test', outputShape: [1], channels: 1, params: 0, tensors: [], macs: [], muls: [], adds: [], compares: [], unpriced: [], memory: [], ...parts };
}

export function trace(layers: LayerTrace[]): OpTrace {
  return { model: 'test', phase: 'inference', batchSize: 1, layers };
}

const formatArb: fc.Arbitrary<OperandFormat> = fc.oneof(
  fc.integer({ min: 2, max: 16 }).map(int),
  fc.constant<OperandFormat>({ kind: 'binary', bits: 1 }),
  fc.constant<OperandFormat>({ kind: 'ternary', bits: 2 }),
  fc.integer({ min: 1, max: 15 }).map((span): OperandFormat => ({ kind: 'pow2', bits: 1 + Math.ceil(Math.log2(span + 2)), span })),
  fc.constant<OperandFormat>({ kind: 'float', bits: 16, e: 5, m: 10 }),
);

/** A random layer whose operands refer to (name, weight) and (name, activation). */
export function layerArb(name: string): fc.Arbitrary<LayerTrace> {
  return fc
    .record({
      w: formatArb,
      x: formatArb,
      count: fc.integer({ min: 0, max: 10_000 }),
      fanIn: fc.integer({ min: 1, max: 4096 }),
      adds: fc.integer({ min: 0, max: 1000 }),
      elements: fc.integer({ min: 0, max: 200_000 }),
      store: fc.constantFrom('sram' as const, 'dram' as const),
      moves: fc.integer({ min: 0, max: 10_000 }),
      buffer: fc.integer({ min: 1, max: 200_000 }),
      indexEntries: fc.integer({ min: 0, max: 5000 }),
    })
    .map(({ w, x, count, fanIn, adds, elements, store, moves, buffer, indexEntries }) => {
      const a = op(name, 'activation', x);
      const b = op(name, 'weight', w);
      return layer(name, {
        macs: [mac(count, fanIn, a, b)],
        adds: [{ pass: 'forward', label: 'bias', count: adds, operand: a }],
        compares: [{ pass: 'forward', label: 'relu', count: adds, operand: a }],
        memory: [
          { pass: 'forward', label: 'weight', operand: b, elements, store, reads: 1, writes: 0, category: 'weight' },
          { pass: 'forward', label: 'output', operand: a, elements, store: 'sram', reads: 1, writes: 1, category: 'activation' },
        ],
        moves: [{ pass: 'forward', label: 'shift', count: moves, operand: a, bufferElements: buffer }],
        indexes: [{ label: 'shift index', entries: indexEntries, bits: 4, reads: 1 }],
      });
    });
}

/** The same trace with every operand of (layer, role) widened by `delta` bits (int formats only). */
export function widen(t: OpTrace, layerName: string, role: string, delta: number): OpTrace {
  const w = (o: Operand): Operand => (o.ref.layer === layerName && o.ref.role === role && o.format.kind === 'int' ? { ...o, format: int(o.format.bits + delta) } : o);
  return {
    ...t,
    layers: t.layers.map((l) => ({
      ...l,
      macs: l.macs.map((g) => ({ ...g, a: w(g.a), b: w(g.b) })),
      adds: l.adds.map((g) => ({ ...g, operand: w(g.operand) })),
      compares: l.compares.map((g) => ({ ...g, operand: w(g.operand) })),
      memory: l.memory.map((m) => ({ ...m, operand: w(m.operand) })),
      moves: l.moves?.map((g) => ({ ...g, operand: w(g.operand) })),
    })),
  };
}
