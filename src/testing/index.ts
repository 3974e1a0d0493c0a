/**
 * `lowbit/testing`: test your own arithmetic unit (a C or RTL model through the CLI's files, or a JS/WASM library
 * here) against lowbit's exact oracle, in any float or fixed format. No tfjs anywhere in this entry's imports;
 * `fast-check` is a peer dependency. See docs/testing-your-unit.md.
 *
 * - `formatCode`, `formatValue`, `operands`: fast-check arbitraries biased toward the special operands;
 * - `checkUnit`: a property comparing a user's function with lowbit, shrinking to decoded values;
 * - `testOp`, `generateTestCases`, `formatCaseLine`, `CaseVerifier`: what `lowbit testgen` and `lowbit verify` run;
 * - block formats (mx, nvfp4, scaled): `blockVector` (arbitrary), `checkUnit` on `convert`, and `blockTestOp`,
 *   `generateBlockCases`, `formatBlockLine`, `BlockVerifier` for the CLI's vector lines.
 *
 * @example
 * import { checkUnit } from 'lowbit/testing';
 * @packageDocumentation
 * @module lowbit/testing
 */
export { formatCode, formatValue, operands, type FormatArbitraryOptions, type OperandsOptions } from './arbitraries.js';
export { checkUnit, UnitCase, type CheckUnitOptions, type UnitFn, type UnitResult } from './checkUnit.js';
export { testOp, TEST_OPS, type TestOp, type TestOpName, type ScalarSpec } from './testOp.js';
export { generateTestCases, type GenerateOptions, type TestCase, type TestCaseStream } from './generateTestCases.js';
export { formatCaseLine, parseCaseLine, type ParsedLine } from './caseLine.js';
export { CaseVerifier, type VerifyOptions, type VerifyReport, type NanPayloadRule } from './caseVerifier.js';
export type { CaseResult } from './oracle.js';
export { blockVector, type BlockVectorOptions } from './blockVector.js';
export { BlockUnitCase, type BlockUnitResult } from './checkBlockUnit.js';
export { blockTestOp, isBlockSpec, type BlockTestOp } from './blockTestOp.js';
export { generateBlockCases, type GenerateBlockOptions } from './generateBlockCases.js';
export { formatBlockLine, parseBlockLine, type BlockCase, type ParsedBlockLine } from './blockCaseLine.js';
export { BlockVerifier } from './blockVerifier.js';
export type { TestLevel } from './operandTuples.js';
export type { SrReport } from './srTally.js';
export type { BinomialTestReport } from './poissonBinomialTest.js';
