import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_IDS } from '../../simulators/formats/presets.js';
import { ZOO_MODEL_NAMES } from '../../src/zoo/zoo.js';
import { anyValue, costExpression, formatSpecs, hostileStrings, jsonMutations, mutateJson, stdinText } from './_arbitraries.js';
import { repoJson, TINY_CONFIG, TINY_STUDY, type FuzzFolders } from './_fixtures.js';

/** One CLI invocation: arguments (`{case}` is the case's own folder), stdin, and files to write there first. */
export interface FuzzCase {
  kind: string;
  args: string[];
  input: string;
  files: Array<[string, string]>;
}

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const flag = (name: string, v: unknown): string[] => (v === undefined || v === false ? [] : v === true ? [name] : [name, String(v)]);

/** `quantize` / `arith` with every option wild and random stdin lines. */
function numericCases(f: FuzzFolders): fc.Arbitrary<FuzzCase> {
  const h = hostileStrings(f.canary);
  return fc
    .record({
      cmd: fc.constantFrom('quantize', 'arith'),
      format: formatSpecs(PRESET_IDS, f.canary),
      rounding: opt(fc.oneof(fc.constantFrom('rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto', 'sr', 'log'), h)),
      seed: opt(fc.oneof(fc.integer().map(String), h)),
      output: opt(fc.oneof(fc.constantFrom('value', 'f64', 'code'), h)),
      flags: fc.boolean(),
      op: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('add', 'sub', 'mul', 'div', 'sqrt', 'fma') }, { weight: 1, arbitrary: h }),
      input: stdinText(),
    })
    .map((c) => ({
      kind: c.cmd,
      args: [c.cmd, '--format', c.format, ...flag('--rounding', c.rounding), ...flag('--seed', c.seed), ...flag('--output', c.output), ...flag('--flags', c.flags), ...(c.cmd === 'arith' ? ['--op', c.op] : [])],
      input: c.input,
      files: [],
    }));
}

/** `format SPEC [--table] [--json]`, `formats`, help, version, unknown commands and options. */
function formatCases(f: FuzzFolders): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(formatSpecs(PRESET_IDS, f.canary), fc.boolean(), fc.boolean()).map(([s, t, j]) => ['format', s, ...flag('--table', t), ...flag('--json', j)]) },
    { weight: 1, arbitrary: fc.constantFrom<string[]>(['formats'], ['--version'], ['--help'], ['help', 'train'], [], ['nope'], ['train', '--nope'], ['study'], ['format'], ['cost', '--model']) },
    { weight: 1, arbitrary: fc.array(hostileStrings(f.canary), { maxLength: 3 }) },
  ).map((args) => ({ kind: args[0] === 'format' || args[0] === 'formats' ? args[0] : 'misc', args: [...args], input: '', files: [] }));
}

/** `train --dry-run` on mutated configs (valid bases: the tiny config and the repository's examples). */
function trainCases(f: FuzzFolders): fc.Arbitrary<FuzzCase> {
  const bases = [TINY_CONFIG, repoJson('experiments/examples/mnist-mlp-dfixed.json'), repoJson('experiments/binarynet/cnn-mnist.json'), repoJson('experiments/bitpruning/configs/mlp-bits.json')];
  const outs = fc.constantFrom(undefined, '{case}/out', '{case}/a/b', '/proc/x', '/sys/x', `${f.fixtures}/file.txt`, '{case}/out/../out2');
  return fc.tuple(fc.nat(bases.length - 1), jsonMutations(f.canary), outs).map(([b, m, out]) => ({
    kind: 'train',
    args: ['train', '--config', '{case}/cfg.json', '--dry-run', ...flag('--out', out)],
    input: '',
    files: [['cfg.json', mutateJson(bases[b], m.muts, m.cut)]] as Array<[string, string]>,
  }));
}

/** `cost` with zoo models, mutated model.json files, mutated policies and random cost formulas. */
function costCases(f: FuzzFolders): fc.Arbitrary<FuzzCase> {
  const modelJson = JSON.parse(readFileSync(join(f.fixtures, 'model.json'), 'utf8'));
  const policies = [repoJson('experiments/policies/int8.json'), repoJson('experiments/policies/float32.json')];
  const userModel = fc
    .record({ add: costExpression(), mul: costExpression(), sram: costExpression(), dram: costExpression(), extra: fc.dictionary(fc.constantFrom('fadd', 'fmul', 'mux', 'mux_ternary', 'shift', 'xnor', 'popcount', 'cmp', '__proto__', 'id', 'nope'), fc.oneof(costExpression(), anyValue(f.canary)), { maxKeys: 3 }) })
    .map(({ extra, ...r }) => JSON.stringify({ ...r, ...extra }));
  return fc
    .record({
      model: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('lenet5', 'mlp-pimnist') },
        { weight: 1, arbitrary: fc.constantFrom(...ZOO_MODEL_NAMES) },
        { weight: 4, arbitrary: jsonMutations(f.canary).map((m) => ({ file: mutateJson(modelJson, m.muts, m.cut) })) },
        { weight: 1, arbitrary: hostileStrings(f.canary) },
      ),
      policy: opt(fc.tuple(fc.nat(1), jsonMutations(f.canary)).map(([i, m]) => mutateJson(policies[i], m.muts, m.cut))),
      costModel: opt(fc.oneof(fc.constantFrom('horowitz45nm', 'qtools', 'toString', '__proto__'), userModel.map((text) => ({ text })))),
      phase: opt(fc.constantFrom('inference', 'training', 'x')),
      format: opt(fc.constantFrom('table', 'csv', 'json', 'xml')),
      batch: opt(fc.constantFrom('1', '100', '0', '-1', '1e3', '99999999999999999999', 'x')),
      plot: fc.option(fc.constantFrom('{case}/p.svg', '/proc/x.svg', '{case}/p.pdf', `${f.fixtures}/file.txt/p.svg`), { nil: undefined, freq: 60 }),
    })
    .map((c) => {
      const files: Array<[string, string]> = [];
      let model = c.model as string;
      if (typeof c.model === 'object') {
        files.push(['model.json', c.model.file]);
        model = '{case}/model.json';
      }
      if (c.policy !== undefined) files.push(['policy.json', c.policy]);
      let cm = c.costModel as string | undefined;
      if (typeof c.costModel === 'object') {
        files.push(['energy.json', c.costModel.text]);
        cm = '{case}/energy.json';
      }
      const args = ['cost', '--model', model, ...flag('--policy', c.policy === undefined ? undefined : '{case}/policy.json'), ...flag('--cost-model', cm), ...flag('--phase', c.phase), ...flag('--format', c.format), ...flag('--batch-size', c.batch), ...flag('--plot', c.plot)];
      return { kind: 'cost', args, input: '', files };
    });
}

/** `study run` on mutated specs (a stub trial: no training), `study status|report|slurm|run-one|collect`; not `study worker` (it waits for a Redis server). */
function studyCases(f: FuzzFolders): fc.Arbitrary<FuzzCase> {
  const bases = [TINY_STUDY, repoJson('experiments/studies/default.json'), repoJson('experiments/binarynet/study.json')];
  const run = fc.tuple(fc.nat(bases.length - 1), jsonMutations(f.canary), fc.boolean()).map(([b, m, quick]) => ({
    kind: 'study run',
    args: ['study', 'run', '{case}/spec.json', '--out', '{case}/study', '--jobs', '1', '--no-report', '--trial-module', join(f.fixtures, 'stubTrial.mts'), ...flag('--quick', quick)],
    input: '',
    files: [['spec.json', mutateJson(bases[b], m.muts, m.cut)]] as Array<[string, string]>,
  }));
  const look = fc.tuple(fc.constantFrom('status', 'report'), fc.constantFrom('{case}', '{case}/none', `${f.fixtures}/file.txt`, '/proc', '{case}/s'), fc.uint8Array({ maxLength: 64 })).map(([sub, dir, bytes]) => ({
    kind: `study ${sub}`,
    args: ['study', sub, dir],
    input: '',
    files: (dir === '{case}/s' ? [['s/study.sqlite', Buffer.from(bytes).toString('latin1')], ['s/study.json', '{}']] : []) as Array<[string, string]>,
  }));
  // Slurm: the script is written, never submitted; run-one/collect on folders that slurm did not prepare
  const slurm = fc.tuple(fc.nat(bases.length - 1), jsonMutations(f.canary), opt(hostileStrings(f.canary)), opt(fc.constantFrom('02:00:00', 'x', '1\nrm -rf /'))).map(([b, m, part, time]) => ({
    kind: 'study slurm',
    args: ['study', 'slurm', '{case}/spec.json', '--out', '{case}/sl', '--max-points', '50', ...flag('--partition', part), ...flag('--time', time)],
    input: '',
    files: [['spec.json', mutateJson(bases[b], m.muts, m.cut)]] as Array<[string, string]>,
  }));
  const later = fc.tuple(fc.constantFrom('run-one', 'collect'), fc.constantFrom('{case}', '{case}/none', `${f.fixtures}/file.txt`, '/proc'), opt(fc.constantFrom('0', '-1', 'x', '99999999999999999999'))).map(([sub, dir, index]) => ({
    kind: `study ${sub}`,
    args: ['study', sub, dir, ...(sub === 'run-one' ? flag('--index', index) : [])],
    input: '',
    files: [] as Array<[string, string]>,
  }));
  return fc.oneof({ weight: 4, arbitrary: run }, { weight: 1, arbitrary: look }, { weight: 1, arbitrary: slurm }, { weight: 1, arbitrary: later });
}

/** `export-binary` on broken copies of a binary run folder; `infer` on mutated XNOR files. */
function xnorCases(f: FuzzFolders): fc.Arbitrary<FuzzCase> {
  const xnor = JSON.parse(readFileSync(join(f.fixtures, 'net.xnor.json'), 'utf8'));
  const modelJson = JSON.parse(readFileSync(join(f.fixtures, 'run', 'model', 'model.json'), 'utf8'));
  const runJson = JSON.parse(readFileSync(join(f.fixtures, 'run', 'run.json'), 'utf8'));
  const weights = readFileSync(join(f.fixtures, 'run', 'model', 'weights.bin')).toString('latin1');
  const h = hostileStrings(f.canary);
  const exportCase = fc
    .record({
      which: fc.constantFrom('model', 'run', 'weights', 'fixture', 'hostile'),
      m: jsonMutations(f.canary),
      cut: fc.nat(),
      hostile: h,
      out: fc.constantFrom('{case}/net.json', '/proc/x.json', '{case}', `${f.fixtures}/file.txt/x.json`),
      backend: opt(fc.oneof(fc.constantFrom('cpu', 'auto', 'gpu'), h)),
    })
    .map((c) => {
      const files: Array<[string, string]> = [
        ['run/model/model.json', c.which === 'model' ? mutateJson(modelJson, c.m.muts, c.m.cut) : JSON.stringify(modelJson)],
        ['run/run.json', c.which === 'run' ? mutateJson(runJson, c.m.muts, c.m.cut) : JSON.stringify(runJson)],
        ['run/model/weights.bin', c.which === 'weights' ? weights.slice(0, c.cut % weights.length) : weights],
      ];
      const run = c.which === 'fixture' ? join(f.fixtures, 'run') : c.which === 'hostile' ? c.hostile : '{case}/run';
      return { kind: 'export-binary', args: ['export-binary', '--run', run, '--out', c.out, ...flag('--backend', c.backend)], input: '', files: c.which === 'fixture' || c.which === 'hostile' ? [] : files };
    });
  const inferCase = fc
    .record({
      m: jsonMutations(f.canary),
      // the exported run's split (synthetic, 10 + 20 examples) unless overridden; mnist parses 10,000 digits (~0.1 s)
      dataset: fc.oneof({ weight: 12, arbitrary: fc.constant('synthetic') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('mnist', 'fashion-mnist'), h) }),
      testSize: opt(fc.oneof(fc.constantFrom('1', '20', '0', '-5', '1e9', '100001'), h)),
      seed: opt(fc.oneof(fc.constantFrom('0', '7', '4294967296'), h)),
      compare: fc.boolean(),
      run: opt(fc.oneof(fc.constant(join(f.fixtures, 'run')), h)),
    })
    .map((c) => ({
      kind: 'infer',
      args: ['infer', '--model', '{case}/m.json', '--dataset', c.dataset, ...flag('--test-size', c.testSize), ...flag('--seed', c.seed), ...flag('--compare', c.compare), ...flag('--run', c.run)],
      input: '',
      files: [['m.json', mutateJson(xnor, c.m.muts, c.m.cut)]] as Array<[string, string]>,
    }));
  return fc.oneof({ weight: 1, arbitrary: exportCase }, { weight: 2, arbitrary: inferCase });
}

/** Every command, weighted so that the cheap ones carry most of the cases. */
export function fuzzCases(f: FuzzFolders): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: 120, arbitrary: numericCases(f) },
    { weight: 30, arbitrary: formatCases(f) },
    { weight: 20, arbitrary: trainCases(f) },
    { weight: 16, arbitrary: costCases(f) },
    { weight: 7, arbitrary: studyCases(f) },
    { weight: 7, arbitrary: xnorCases(f) },
  );
}
