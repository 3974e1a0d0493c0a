#!/usr/bin/env node
/**
 * `npm run notebooks [NAME…]`: executes the notebooks in `notebooks/` from a clean state, each to HTML in
 * `notebooks/html/` (gitignored), and fails on the first cell error.
 *
 * Kernel: Deno's built-in Jupyter kernel (`deno jupyter`), from the npm package `deno` (a devDependency: its
 * binary comes in the platform package `@deno/<os>-<arch>`). A kernelspec named `deno` is written to a temporary
 * JUPYTER_PATH, so nothing is installed in the user's Jupyter. The notebooks import lowbit as a user does
 * (`import … from 'lowbit'`), which resolves to this package's `dist/` (rebuilt first if a source changed).
 * Executor: Debian's nbconvert (`apt-get install python3-nbconvert jupyter-client`), run by /usr/bin/python3.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NOTEBOOKS = join(ROOT, 'notebooks');
const OUT = join(NOTEBOOKS, 'html');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const TIMEOUT_S = 900;

const all = readdirSync(NOTEBOOKS).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!all.some((f) => f.startsWith(w))) {
    process.stderr.write(`notebooks: no notebook matches ${JSON.stringify(w)}; notebooks: ${all.join(', ')}\n`);
    process.exit(2);
  }
}
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all;

const nbconvert = spawnSync(PYTHON, ['-c', 'import nbconvert, jupyter_client'], { encoding: 'utf8' });
if (nbconvert.status !== 0) {
  process.stderr.write('notebooks: Debian\'s nbconvert is missing: apt-get install python3-nbconvert jupyter-client\n');
  process.exit(2);
}

execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--js', '--if-stale'], { stdio: 'inherit' });
const deno = createRequire(join(ROOT, 'package.json'))('deno/install_api.cjs').runInstall();
const jupyterPath = mkdtempSync(join(tmpdir(), 'lowbit-jupyter-'));
mkdirSync(join(jupyterPath, 'kernels', 'deno'), { recursive: true });
writeFileSync(
  join(jupyterPath, 'kernels', 'deno', 'kernel.json'),
  JSON.stringify({ argv: [deno, 'jupyter', '--kernel', '--conn', '{connection_file}'], display_name: 'Deno', language: 'typescript' }),
);
mkdirSync(OUT, { recursive: true });

let failed = 0;
try {
  for (const nb of chosen) {
    const t0 = performance.now();
    const r = spawnSync(
      PYTHON,
      ['-m', 'nbconvert', '--to', 'html', '--execute', `--ExecutePreprocessor.timeout=${TIMEOUT_S}`, '--ExecutePreprocessor.kernel_name=deno', '--output-dir', OUT, join(NOTEBOOKS, nb)],
      { cwd: NOTEBOOKS, encoding: 'utf8', env: { ...process.env, JUPYTER_PATH: jupyterPath, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } },
    );
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (r.status === 0) process.stderr.write(`notebooks: ${nb} ok in ${seconds} s → notebooks/html/${nb.replace(/\.ipynb$/, '.html')}\n`);
    else {
      failed++;
      process.stderr.write(`notebooks: ${nb} FAILED after ${seconds} s:\n${(r.stderr ?? '').split('\n').filter((l) => !/^\[NbConvertApp\]|unstable/.test(l)).slice(-40).join('\n')}\n`);
    }
  }
} finally {
  rmSync(jupyterPath, { recursive: true, force: true });
}
if (failed) {
  process.stderr.write(`notebooks: ${failed} of ${chosen.length} failed\n`);
  process.exit(1);
}
process.stderr.write(`notebooks: ${chosen.length} executed without a cell error\n`);
