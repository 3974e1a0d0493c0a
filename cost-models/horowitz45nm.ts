import params from './params/horowitz45nm.json' with { type: 'json' };
import type { Arith } from './arith.js';
import type { EnergyModel } from './energyModel.js';
import { JsonReader } from './_internal/strictJson.js';
import { fitFloat, floatAddFromFit, floatMulFromFit, piecewiseLinear } from './_internal/curves.js';
import { gateRules } from './_internal/gateRules.js';
import { nonDecreasing, readFloatAnchors, readGates } from './_internal/readCommon.js';

const TOP_KEYS = ['id', 'description', 'citation', 'units', 'intAdd', 'intMul', 'floatAdd', 'floatMul', 'sram', 'dram', 'gates'];

/**
 * Builds the Horowitz 45 nm model from its parameter JSON (validated strictly; `file` names it in errors).
 *
 * Table values are reproduced exactly; other widths are interpolated (the table has no bit scaling):
 * - int add: piecewise linear through (0, 0) and the table's (8, 0.03), (16, 0.05), (32, 0.1) pJ, the last
 *   slope continuing above 32 bits (0.003125 pJ/bit, the QKeras slope);
 * - int mul: E = a·b² + c·b with b = √(b_a·b_b), the quadratic through (0, 0), (8, 0.2) and (32, 3.1) pJ (this is
 *   QKeras' `fpm_mul` fit);
 * - float add/mul: exact at fp16 and fp32, the fit of `fitFloat` elsewhere;
 * - SRAM per 64-bit access: linear in log2(capacity) through 8 KB 10 pJ, 32 KB 20 pJ, 1 MB 100 pJ; 10 pJ below
 *   8 KB (the smallest macro of the table); above 1 MB the last slope (16 pJ per doubling) continues. A tensor is
 *   priced as if it lived in an SRAM of its own size;
 * - DRAM: 640 pJ per 32-bit word = 20 pJ/bit (Horowitz gives 1.3–2.6 nJ per 64 bits; 640 pJ/32 bit is Han et al.'s
 *   reading);
 * - mux, shift, XNOR, popcount, compare: `gateRules` on the int add above.
 * Not modelled: wire energy, voltage/technology scaling, leakage.
 */
export function buildHorowitz45nm(json: unknown, file: string): EnergyModel {
  const r = new JsonReader(file, '', json);
  r.object(TOP_KEYS);
  const addR = r.at('intAdd');
  addR.object(['bits', 'energyPj']);
  const addBits = addR.at('bits').increasing(1);
  const addPj = nonDecreasing(addR.at('energyPj'), addR.at('energyPj').numbers(addBits.length, 0));
  const mulR = r.at('intMul');
  mulR.object(['bits', 'energyPj']);
  const mulBits = mulR.at('bits').increasing(1);
  if (mulBits.length !== 2) mulR.at('bits').fail(`must have 2 entries (a quadratic through the origin); got ${mulBits.length}`);
  const [b1, b2] = mulBits;
  const [e1, e2] = mulR.at('energyPj').numbers(2, 0);
  const mulA = (e2! / b2! - e1! / b1!) / (b2! - b1!);
  const mulC = e1! / b1! - mulA * b1!;
  if (mulA < 0 || mulC < 0) mulR.fail(`the quadratic through the two points must have non-negative coefficients; got a=${mulA}, c=${mulC}`);
  const fit = fitFloat(readFloatAnchors(r.at('floatAdd')), readFloatAnchors(r.at('floatMul')), file);
  const sramR = r.at('sram');
  sramR.object(['capacityBytes', 'energyPjPer64Bit']);
  const sramLog2 = sramR.at('capacityBytes').increasing(1).map(Math.log2);
  const sramPj = nonDecreasing(sramR.at('energyPjPer64Bit'), sramR.at('energyPjPer64Bit').numbers(sramLog2.length, 0));
  const dramR = r.at('dram');
  dramR.object(['energyPjPer32Bit']);
  const dramPerBit = dramR.at('energyPjPer32Bit').number(0) / 32;
  const intAddPj = <T>(A: Arith<T>, b: T): T => piecewiseLinear(A, b, addBits, addPj, addPj[0]! / addBits[0]!);
  return {
    id: r.at('id').string(),
    description: r.at('description').string(),
    citation: r.at('citation').string(),
    sramTable: 'Horowitz ISSCC 2014: 8 KB 10 pJ, 32 KB 20 pJ, 1 MB 100 pJ per 64-bit access, linear in log2(capacity)',
    intAddPj,
    intMulPj: <T>(A: Arith<T>, bA: T, bB: T) => {
      const sq = A.mul(bA, bB);
      return A.add(A.mul(A.c(mulA), sq), A.mul(A.c(mulC), A.sqrt(sq)));
    },
    floatAddPj: <T>(A: Arith<T>, e: number, m: number) => A.c(floatAddFromFit(fit, e, m)),
    floatMulPj: <T>(A: Arith<T>, e: number, m: number) => A.c(floatMulFromFit(fit, e, m)),
    ...gateRules(intAddPj, readGates(r.at('gates'))),
    sramPjPerBit: <T>(A: Arith<T>, capacityBits: T) => {
      const log2Bytes = A.sub(A.log2(capacityBits), A.c(3));
      return A.div(piecewiseLinear(A, log2Bytes, sramLog2, sramPj, 0), A.c(64));
    },
    dramPjPerBit: <T>(A: Arith<T>) => A.c(dramPerBit),
  };
}

/**
 * The Horowitz ISSCC 2014 45 nm model (`cost-models/params/horowitz45nm.json`).
 * @example
 * costReport(profileModel(zooModel('lenet5')), horowitz45nm).totals.energyPj
 */
export const horowitz45nm: EnergyModel = buildHorowitz45nm(params, 'cost-models/params/horowitz45nm.json');
