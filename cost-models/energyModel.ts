import type { Arith } from './arith.js';

/**
 * A hardware energy model: the energy in pJ of each unit an `OpTrace` uses, as functions of operand bit widths,
 * generic over `Arith` so the same formula prices integers (reports) and real-valued bitlengths (training
 * regularizers). Widths `b` may be real-valued; the formulas are non-decreasing in every width.
 *
 * Built-in models: `horowitz45nm`, `qtools`; user models come from `parseUserCostModel`.
 * @example qtools.intMulPj(numberArith, 4, 16) // 0.2 pJ: b = √(4·16) = 8
 */
export interface EnergyModel {
  readonly id: string;
  readonly description: string;
  readonly citation: string;
  /** Which SRAM figures price on-chip memory (the two tables in use disagree, so each model states its own). */
  readonly sramTable: string;
  /** Integer (fixed-point) addition of `b`-bit operands. */
  intAddPj<T>(A: Arith<T>, b: T): T;
  /** Integer multiplication of a `bA`-bit by a `bB`-bit operand. */
  intMulPj<T>(A: Arith<T>, bA: T, bB: T): T;
  /** Float addition with `e` exponent and `m` mantissa bits. */
  floatAddPj<T>(A: Arith<T>, e: number, m: number): T;
  /** Float multiplication with `e` exponent and `m` mantissa bits. */
  floatMulPj<T>(A: Arith<T>, e: number, m: number): T;
  /** Binary (±x) or ternary (±x, 0) weight selecting a `b`-bit operand. */
  muxPj<T>(A: Arith<T>, b: T, ternary: boolean): T;
  /** Shifting a `b`-bit operand by one of `span + 1` power-of-two amounts. */
  shiftPj<T>(A: Arith<T>, b: T, span: number): T;
  /** One 1-bit XNOR product. */
  xnorPj<T>(A: Arith<T>): T;
  /** The popcount adder tree that sums `fanIn` 1-bit products, per product. */
  popcountPj<T>(A: Arith<T>, fanIn: number): T;
  /** Comparison of two `b`-bit values. */
  comparePj<T>(A: Arith<T>, b: T): T;
  /** Energy per bit read or written in an SRAM holding `capacityBits`. */
  sramPjPerBit<T>(A: Arith<T>, capacityBits: T): T;
  /** Energy per bit read or written in DRAM (a tensor of `capacityBits`). */
  dramPjPerBit<T>(A: Arith<T>, capacityBits: T): T;
}
