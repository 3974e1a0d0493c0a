/**
 * `results.csv`: one line per run, with every axis label as its own column (RFC 4180 quoting).
 */
import type { ResultRow } from '../store/studyResults.js';

const FIXED = ['name', 'status', 'family', 'bits', 'series', 'seed', 'testErrorPct', 'trainLoss', 'energyPj', 'memoryBits', 'macs', 'params', 'paretoEnergy', 'paretoMemory', 'epochs', 'seconds', 'attempts', 'backend', 'error'] as const;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * @example resultsCsv(rows).split('\n')[0] // 'name,status,family,bits,…,axis:weight,axis:seed'
 */
export function resultsCsv(rows: readonly ResultRow[]): string {
  const axes = [...new Set(rows.flatMap((r) => Object.keys(r.labels)))];
  const header = [...FIXED, ...axes.map((a) => `axis:${a}`)];
  const lines = rows.map((r) => [...FIXED.map((k) => cell(r[k])), ...axes.map((a) => cell(r.labels[a]))].join(','));
  return [header.map(cell).join(','), ...lines].join('\n') + '\n';
}
