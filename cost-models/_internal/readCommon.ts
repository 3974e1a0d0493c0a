import type { JsonReader } from './strictJson.js';
import type { GateFactors } from './gateRules.js';

/** Reads `{ fp16, fp32 }` anchor energies in pJ. */
export function readFloatAnchors(r: JsonReader): { fp16: number; fp32: number } {
  r.object(['fp16', 'fp32']);
  return { fp16: r.at('fp16').number(0), fp32: r.at('fp32').number(0) };
}

/** Reads the gate factors block. */
export function readGates(r: JsonReader): GateFactors {
  r.object(['mux', 'muxTernary', 'xnor', 'shiftStage']);
  return {
    mux: r.at('mux').number(0),
    muxTernary: r.at('muxTernary').number(0),
    xnor: r.at('xnor').number(0),
    shiftStage: r.at('shiftStage').number(0),
  };
}

/** Energies must not fall as the width (or capacity) grows, or the monotonicity of every cost breaks. */
export function nonDecreasing(r: JsonReader, ys: number[]): number[] {
  ys.forEach((y, i) => i > 0 && y < ys[i - 1]! && r.fail(`must not decrease; got ${JSON.stringify(ys)}`));
  return ys;
}
