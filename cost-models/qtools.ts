import params from './params/qtools.json' with { type: 'json' };
import type { Arith } from './arith.js';
import type { EnergyModel } from './energyModel.js';
import { JsonReader } from './_internal/strictJson.js';
import { fitFloat, floatAddFromFit, floatMulFromFit, polynomial } from './_internal/curves.js';
import { gateRules } from './_internal/gateRules.js';
import { readFloatAnchors, readGates } from './_internal/readCommon.js';

const TOP_KEYS = [
  'id', 'description', 'citation', 'units', 'intAddPoly', 'intMulPoly', 'floatAdd', 'floatMul',
  'sramPer64BitPoly', 'sramMinCapacityBits', 'dramPjPerBit', 'gates',
];

/**
 * Builds the QKeras-qtools bit-scaling model from its parameter JSON (validated strictly).
 * - int add: 0.003125·b pJ; int mul: 0.0029948·b² + 0.0010417·b pJ with b = √(b_a·b_b) (QKeras `fpm_add`,
 *   `fpm_mul`, `FixedPointMultiplier.gate_bits`);
 * - float add/mul: QKeras' fp16/fp32 constants (Horowitz's), the fit of `fitFloat` for other (e, m);
 * - SRAM: QKeras' fit, per 64-bit access 0.02455·x² − 0.2656·x + 0.8661 pJ with x = log2(capacity in bits), the
 *   capacity being the tensor's size but at least `sramMinCapacityBits` (8 KB; the parabola's minimum is at
 *   x ≈ 5.4, so the floor keeps it increasing). This gives 2.9 pJ at 8 KB, 4.0 at 32 KB, 7.7 at 1 MB: far below
 *   Horowitz's 10/20/100 pJ, which `horowitz45nm` uses;
 * - DRAM: 20.3125 pJ per bit;
 * - mux, shift, XNOR, popcount, compare: `gateRules` on the int add.
 * Not modelled: QKeras' "fixed" memory mode and its rd_wr_on_io transfers.
 */
export function buildQtools(json: unknown, file: string): EnergyModel {
  const r = new JsonReader(file, '', json);
  r.object(TOP_KEYS);
  const addPoly = r.at('intAddPoly').numbers(2, 0);
  const mulPoly = r.at('intMulPoly').numbers(3, 0);
  const fit = fitFloat(readFloatAnchors(r.at('floatAdd')), readFloatAnchors(r.at('floatMul')), file);
  const sramPoly = r.at('sramPer64BitPoly').numbers(3);
  const minBits = r.at('sramMinCapacityBits').number(1);
  const [qa, qb] = sramPoly as [number, number, number];
  if (qa < 0 || (qa > 0 && Math.log2(minBits) < -qb / (2 * qa))) {
    r.at('sramMinCapacityBits').fail(`the SRAM polynomial must not decrease above log2(sramMinCapacityBits) = ${Math.log2(minBits)}`);
  }
  const dram = r.at('dramPjPerBit').number(0);
  const intAddPj = <T>(A: Arith<T>, b: T): T => polynomial(A, addPoly, b);
  return {
    id: r.at('id').string(),
    description: r.at('description').string(),
    citation: r.at('citation').string(),
    sramTable: `QKeras settings.py fit: per 64-bit access ${sramPoly.join(', ')} (poly in log2 capacity bits), capacity ≥ ${minBits} bits`,
    intAddPj,
    intMulPj: <T>(A: Arith<T>, bA: T, bB: T) => {
      const sq = A.mul(bA, bB);
      return A.add(A.add(A.mul(A.c(mulPoly[0]!), sq), A.mul(A.c(mulPoly[1]!), A.sqrt(sq))), A.c(mulPoly[2]!));
    },
    floatAddPj: <T>(A: Arith<T>, e: number, m: number) => A.c(floatAddFromFit(fit, e, m)),
    floatMulPj: <T>(A: Arith<T>, e: number, m: number) => A.c(floatMulFromFit(fit, e, m)),
    ...gateRules(intAddPj, readGates(r.at('gates'))),
    sramPjPerBit: <T>(A: Arith<T>, capacityBits: T) => {
      const x = A.log2(A.max(capacityBits, A.c(minBits)));
      return A.div(polynomial(A, sramPoly, x), A.c(64));
    },
    dramPjPerBit: <T>(A: Arith<T>) => A.c(dram),
  };
}

/**
 * The QKeras qtools model (`cost-models/params/qtools.json`).
 * @example
 * costReport(profileModel(zooModel('resnet18')), qtools).totals.energyPj
 */
export const qtools: EnergyModel = buildQtools(params, 'cost-models/params/qtools.json');
