import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costReport } from '../../cost-models/costReport.js';
import { horowitz45nm } from '../../cost-models/horowitz45nm.js';
import { formatCostCsv, formatCostTable, formatCount, formatEnergy } from '../../cost-models/reportTable.js';
import { profileModel } from '../../src/profiler/profileModel.js';
import { zooModel } from '../../src/zoo/zoo.js';

const int8 = JSON.parse(readFileSync(new URL('../../experiments/policies/int8.json', import.meta.url), 'utf8'));

describe('formatCostTable', () => {
  it('matches the snapshot for lenet5 (inference, float32)', async () => {
    const table = formatCostTable(costReport(profileModel(zooModel('lenet5')), horowitz45nm));
    await expect(table).toMatchFileSnapshot('./__snapshots__/lenet5.inference.horowitz45nm.txt');
  });

  it('matches the snapshot for lenet5 (training, int8 policy, batch 32)', async () => {
    const report = costReport(profileModel(zooModel('lenet5'), { policy: int8, phase: 'training', batchSize: 32 }), horowitz45nm);
    await expect(formatCostTable(report)).toMatchFileSnapshot('./__snapshots__/lenet5.training-int8.horowitz45nm.txt');
  });
});

describe('formatCostCsv', () => {
  it('has one row per layer plus TOTAL, with numbers at 12 significant digits (the one CSV writer)', () => {
    const report = costReport(profileModel(zooModel('lenet5')), horowitz45nm);
    const rows = formatCostCsv(report).trimEnd().split('\n');
    expect(rows[0]).toBe('layer,class,macs,params,weightBits,weightBytes,activations,activationBits,computePj,memoryPj,energyPj,multiplyPj,accumulatePj,addPj,comparePj,weightMemoryPj,activationMemoryPj,optimizerMemoryPj');
    expect(rows).toHaveLength(report.layers.length + 2);
    const total = rows[rows.length - 1]!.split(',');
    expect(total.slice(0, 4)).toEqual(['TOTAL', '', '416520', '61706']);
    expect(Number(total[10])).toBe(Number(report.totals.energyPj.toPrecision(12)));
  });
});

describe('shift columns', () => {
  // Arrange: one layer with 144 shift moves and a 16-bit index table
  const x8 = { ref: { layer: 'prev', role: 'activation' as const }, format: { kind: 'int' as const, bits: 8 } };
  const layerTrace = { name: 'sal', className: 'ShiftAttention2D', outputShape: [6, 6, 5], channels: 5, params: 20, tensors: [], macs: [], muls: [], adds: [], compares: [], unpriced: [], memory: [],
    moves: [{ pass: 'forward' as const, label: 'shift', count: 144, operand: x8, bufferElements: 144 }],
    indexes: [{ label: 'shift index', entries: 4, bits: 4, reads: 1 }] };
  const report = costReport({ model: 'm', phase: 'inference', batchSize: 1, layers: [layerTrace] }, horowitz45nm);

  it('the table gets shift moves and index bits after params when a model has them', () => {
    const lines = formatCostTable(report).split('\n');
    expect(lines[2]).toMatch(/^layer\s+class\s+MACs\s+params\s+shift moves\s+index bits\s+weight bits/);
    expect(lines[4]).toMatch(/^sal\s+ShiftAttention2D\s+0\s+20\s+144\s+16\s+0/);
  });

  it('the CSV gets shiftMoves and indexBits at the end; a model without shifts does not', () => {
    const rows = formatCostCsv(report).trimEnd().split('\n');
    expect(rows[0]!.endsWith(',optimizerMemoryPj,shiftMoves,indexBits')).toBe(true);
    expect(rows[2]!.split(',').slice(-2)).toEqual(['144', '16']);
    expect(formatCostCsv(costReport(profileModel(zooModel('lenet5')), horowitz45nm))).not.toContain('shiftMoves');
  });
});

describe('number formatting', () => {
  it('formats counts and energies', () => {
    expect(formatCount(1814073344)).toBe('1,814,073,344');
    expect(formatCount(0)).toBe('0');
    expect(formatEnergy(0)).toBe('0 J');
    expect(formatEnergy(8.31e9)).toBe('8.31 mJ');
    expect(formatEnergy(512e6)).toBe('512 µJ');
    expect(formatEnergy(1.2)).toBe('1.20 pJ');
    expect(formatEnergy(0.0008)).toBe('0.800 fJ');
  });
});
