/**
 * Rebuilds the report of a study folder from its database: `plots/<id>.svg` and `.png` for every plot,
 * `results.csv`, and the self-contained `report.html`. Safe to run while a study is running (reads only).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadStudyResults } from '../store/studyResults.js';
import { studyPlots } from './plots.js';
import { renderSvg, svgToPng } from '../../plots/renderPlot.js';
import { reportHtml } from './reportHtml.js';
import { resultsCsv } from './resultsCsv.js';
import { studyStatus } from '../store/studyStatus.js';

export interface StudyReportFiles {
  reportPath: string;
  csvPath: string;
  plots: { id: string; svg: string; png: string }[];
}

/**
 * @throws RangeError when `dir` holds no study; Error when a plot spec does not compile cleanly.
 * @example (await buildReport('studies/default')).reportPath // '/…/studies/default/report.html'
 */
export async function buildReport(dir: string): Promise<StudyReportFiles> {
  const root = resolve(dir);
  const status = studyStatus(root);
  const { spec, rows, curves } = loadStudyResults(root);
  const title = spec.report?.title ?? `Study ${spec.name}`;
  const plots = studyPlots(rows, curves, undefined, spec.report?.bitsTitle);
  mkdirSync(join(root, 'plots'), { recursive: true });
  const files: StudyReportFiles['plots'] = [];
  for (const p of plots) {
    const svg = await renderSvg(p.spec);
    const svgPath = join(root, 'plots', `${p.id}.svg`);
    const pngPath = join(root, 'plots', `${p.id}.png`);
    writeFileSync(svgPath, svg);
    writeFileSync(pngPath, svgToPng(svg));
    writeFileSync(join(root, 'plots', `${p.id}.vl.json`), JSON.stringify(p.spec, null, 1) + '\n');
    files.push({ id: p.id, svg: svgPath, png: pngPath });
  }
  const csvPath = join(root, 'results.csv');
  writeFileSync(csvPath, resultsCsv(rows));
  const c = status.counts;
  const summary = `${status.total} grid points: ${c.ok} ok, ${c.diverged} diverged, ${c.failed} failed, ${c.running} running, ${c.left} left`;
  const reportPath = join(root, 'report.html');
  writeFileSync(reportPath, reportHtml({ title, description: spec.description, summary, plots, rows, generatedAt: new Date().toISOString() }));
  return { reportPath, csvPath, plots: files };
}
