/**
 * Rebuilds the report of a study folder from its database: `plots/<id>.svg`, `.png` and `.vl.json` for every
 * plot, `results.csv` (runs), `results-aggregated.csv` (grid points, mean over seeds) and the self-contained
 * `report.html`. Safe to run while a study is running (reads only). Every file is written atomically without
 * following a link inside the study folder.
 */
import { join, resolve } from 'node:path';
import { readStudy } from '../store/studyResults.js';
import { studyPlots, costModelLabel } from './plots.js';
import { renderSvg, svgToPng } from '../../plots/renderPlot.js';
import { reportHtml } from './reportHtml.js';
import { aggregatedCsv, resultsCsv } from './resultsCsv.js';
import { studyStatus } from '../store/studyStatus.js';
import { writeFileNoFollow } from '../_internal/studyFs.js';

/**
 * The files `buildReport` wrote.
 * @example
 * const { reportPath, csvPath, plots }: StudyReportFiles = await buildReport('studies/default');
 */
export interface StudyReportFiles {
  reportPath: string;
  csvPath: string;
  aggregatedCsvPath: string;
  plots: { id: string; svg: string; png: string }[];
}

/**
 * Rebuilds a study folder's report (plots, CSVs, report.html) from its database.
 * @throws RangeError when `dir` holds no study; Error when a plot spec does not compile cleanly; UnsafePathError
 *   when a folder under the study folder is a link.
 * @example (await buildReport('studies/default')).reportPath // '/…/studies/default/report.html'
 */
export async function buildReport(dir: string): Promise<StudyReportFiles> {
  const root = resolve(dir);
  const status = studyStatus(root);
  const results = readStudy(root);
  const { spec, rows, points } = results;
  const title = spec.report?.title ?? `Study ${spec.name}`;
  const plots = studyPlots(results, { bitsTitle: spec.report?.bitsTitle, cost: spec.cost });
  const files: StudyReportFiles['plots'] = [];
  for (const p of plots) {
    const svg = await renderSvg(p.spec);
    const svgPath = join(root, 'plots', `${p.id}.svg`);
    const pngPath = join(root, 'plots', `${p.id}.png`);
    writeFileNoFollow(root, svgPath, svg);
    writeFileNoFollow(root, pngPath, svgToPng(svg));
    writeFileNoFollow(root, join(root, 'plots', `${p.id}.vl.json`), JSON.stringify(p.spec, null, 1) + '\n');
    files.push({ id: p.id, svg: svgPath, png: pngPath });
  }
  const csvPath = join(root, 'results.csv');
  writeFileNoFollow(root, csvPath, resultsCsv(rows));
  const aggregatedCsvPath = join(root, 'results-aggregated.csv');
  writeFileNoFollow(root, aggregatedCsvPath, aggregatedCsv(points));
  const c = status.counts;
  const summary = `${status.total} runs (${points.length} grid points): ${c.ok} ok, ${c.diverged} diverged, ${c.failed} failed, ${c.running} running, ${c.left} left`;
  const reportPath = join(root, 'report.html');
  writeFileNoFollow(root, reportPath, reportHtml({ title, description: spec.description, summary, plots, rows, points, costModel: costModelLabel(spec.cost), generatedAt: new Date().toISOString() }));
  return { reportPath, csvPath, aggregatedCsvPath, plots: files };
}
