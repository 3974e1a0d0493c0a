import type { Arith } from '../arith.js';
import type { EnergyModel } from '../energyModel.js';

/** Relative energies of small gates against an adder of the same width (QKeras qtools `multiplier_impl.py`). */
export interface GateFactors {
  /** Binary weight: a 2:1 mux selecting ±x (QKeras `Mux`, gate_factor 0.3). */
  readonly mux: number;
  /** Ternary weight: two muxes (QKeras 2 × 0.3). */
  readonly muxTernary: number;
  /** One XNOR/XOR gate (QKeras `XorGate`, 0.3 × a 1-bit add). */
  readonly xnor: number;
  /** One stage of a logarithmic shifter: a row of 2:1 muxes. */
  readonly shiftStage: number;
}

type IntAdd = <T>(A: Arith<T>, b: T) => T;

/**
 * The units a model derives from its integer adder:
 * - mux(b) = factor · add(b);
 * - shift(b, span) = ceil(log2(span + 1)) stages · shiftStage · add(b + span): a logarithmic shifter whose rows
 *   are as wide as its output (the operand plus the shift span). QKeras instead prices one mux per power-of-two
 *   value; a log shifter is what hardware uses, and it scales with the shifter's own widths;
 * - xnor = xnor · add(1) per 1-bit product;
 * - popcount(N) = (1/N) · Σ_{k=1..ceil(log2 N)} ceil(N/2^k) · add(k): the adder tree summing N one-bit products,
 *   level k adding k-bit partial counts, per product. QKeras prices an XNOR MAC as the gate plus a full
 *   accumulator add; BinaryNet sums with popcount, and the tree costs about 2 one-bit adds per product;
 * - compare(b) = add(b): a comparator is a subtractor's carry chain.
 */
export function gateRules(add: IntAdd, g: GateFactors): Pick<EnergyModel, 'muxPj' | 'shiftPj' | 'xnorPj' | 'popcountPj' | 'comparePj'> {
  return {
    muxPj: <T>(A: Arith<T>, b: T, ternary: boolean) => A.mul(A.c(ternary ? g.muxTernary : g.mux), add(A, b)),
    shiftPj: <T>(A: Arith<T>, b: T, span: number) => {
      const stages = Math.ceil(Math.log2(span + 1));
      return A.mul(A.c(stages * g.shiftStage), add(A, A.add(b, A.c(span))));
    },
    xnorPj: <T>(A: Arith<T>) => A.mul(A.c(g.xnor), add(A, A.c(1))),
    popcountPj: <T>(A: Arith<T>, fanIn: number) => {
      let total = A.c(0);
      const levels = Math.ceil(Math.log2(Math.max(1, fanIn)));
      for (let k = 1; k <= levels; k++) total = A.add(total, A.mul(A.c(Math.ceil(fanIn / 2 ** k)), add(A, A.c(k))));
      return A.div(total, A.c(Math.max(1, fanIn)));
    },
    comparePj: <T>(A: Arith<T>, b: T) => add(A, b),
  };
}
