/**
 * `npm run bench`: every benchmark, one after another in this process. Each prints its figures as ratios
 * against a baseline measured in the same run (never absolute pass/fail thresholds). Add one line per bench file.
 */
const BENCHES: Array<[string, () => Promise<{ bench: () => Promise<void> }>]> = [
  ['quantize', () => import('./quantize.bench.js')],
  ['dot', () => import('./dot.bench.js')],
  ['arith', () => import('./arith.bench.js')],
  ['backend', () => import('./backend.bench.js')],
  ['xnor', () => import('./xnor.bench.js')],
  ['xnorInference', () => import('./xnorInference.bench.js')],
  ['xnorInferenceCnn', () => import('./xnorInferenceCnn.bench.js')],
  ['training', () => import('./training.bench.js')],
  ['cli', () => import('./cli.bench.js')],
  ['decimal', () => import('./decimal.bench.js')],
  ['blockQuantize', () => import('./blockQuantize.bench.js')],
  ['study', () => import('./study.bench.js')],
];

const only = process.argv[2];
for (const [name, load] of BENCHES) {
  if (only && !name.includes(only)) continue;
  console.log(`\n## ${name}`);
  const mod = await load();
  await mod.bench();
}
