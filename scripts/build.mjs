#!/usr/bin/env node
/**
 * `npm run build`: compiles lowbit to `dist/` (run by `prepare`, so `npm ci` in a clone leaves a working CLI).
 *
 * - JavaScript: esbuild bundles each entry of `src/_internal/entryPoints.json` to `dist/<name>.js`, with the
 *   modules two entries share split into `dist/_chunks/` (one copy of every class, so `instanceof` holds across
 *   `lowbit`, `lowbit/simulators` and `lowbit/cost`) and dependencies left as imports. Dynamic `import()` stays
 *   lazy: a CLI command loads only its own chunks. One file per entry instead of one per source module is what
 *   makes the CLI start fast (Node's ESM loader pays per file). Source maps (`.js.map`) embed the sources.
 * - Types: tsc emits the declarations to `dist/types/` (the sources' layout; package.json `exports` points
 *   `types` there).
 *
 * Flags:
 *   --js        JavaScript only (what the tests and `npm run bench cli` need: the CLI spawned from dist/).
 *   --if-stale  do nothing when dist/ was built from the current sources (every input file of the last build,
 *               this script and package.json hash the same).
 * Without --if-stale the output folders are emptied first, so no chunk of an older build lingers in a tarball.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-inputs.json');
const ENTRY_TABLE = 'src/_internal/entryPoints.json';
const jsOnly = process.argv.includes('--js');
const ifStale = process.argv.includes('--if-stale');
for (const a of process.argv.slice(2)) {
  if (a !== '--js' && a !== '--if-stale') {
    process.stderr.write(`build: unknown argument ${JSON.stringify(a)}; allowed: --js, --if-stale\n`);
    process.exit(2);
  }
}

const hashOf = (file) => {
  try {
    return createHash('sha1').update(readFileSync(join(ROOT, file))).digest('hex');
  } catch {
    return 'missing';
  }
};
const ALWAYS = ['scripts/build.mjs', 'package.json', ENTRY_TABLE];

/** True when every input of the last JavaScript build is unchanged. */
function fresh() {
  if (!existsSync(STAMP)) return false;
  const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  return Object.entries(stamp).every(([file, h]) => hashOf(file) === h) && ALWAYS.every((f) => f in stamp);
}

/** Every dependency of package.json but the ones bundled (commander), as esbuild `external` patterns. */
function externalPackages() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies, ...pkg.devDependencies });
  return names.filter((n) => n !== 'commander').flatMap((n) => [n, `${n}/*`]);
}

async function buildJs() {
  const entries = JSON.parse(readFileSync(join(ROOT, ENTRY_TABLE), 'utf8'));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.entries(entries).map(([out, src]) => ({ in: `./${src}`, out })),
    outdir: 'dist',
    chunkNames: '_chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // dependencies stay imports, except commander: bundled into the CLI, it spares every command start the
    // resolution and CommonJS loading of its five files (about 10 ms of a 150 ms start; `npm run bench cli`)
    external: externalPackages(),
    banner: { js: "import { createRequire as __lowbitCreateRequire } from 'node:module'; const require = __lowbitCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const stamp = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...ALWAYS]) stamp[file] = hashOf(file);
  writeFileSync(join(DIST, '.meta.json'), JSON.stringify(result.metafile));
  writeFileSync(STAMP, JSON.stringify(stamp, null, 1));
}

if (ifStale && fresh()) process.exit(0);
if (!ifStale) {
  for (const name of existsSync(DIST) ? readdirSync(DIST) : []) if (jsOnly ? name !== 'types' : true) rmSync(join(DIST, name), { recursive: true, force: true });
}
mkdirSync(DIST, { recursive: true });
const t0 = performance.now();
await buildJs();
const tJs = performance.now();
if (!jsOnly) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
const tTypes = performance.now();
process.stderr.write(`build: dist/ JavaScript in ${((tJs - t0) / 1000).toFixed(1)} s${jsOnly ? '' : `, types in ${((tTypes - tJs) / 1000).toFixed(1)} s`}\n`);
