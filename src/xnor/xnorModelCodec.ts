import { signWords, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { MAP_KEYS, MAP_KINDS, readMapLayer, writeMapLayer } from './xnorMapCodec.js';
import { fromBase64, layerOutputShape, toBase64, type XnorLayer, type XnorLayerSpec, type XnorModel, type XnorModelSpec } from './xnorModelSpec.js';

const DENSE_KINDS = ['bitPlaneDense', 'xnorDense', 'outputDense'] as const;
const KINDS = [...DENSE_KINDS, ...MAP_KINDS];
const FIRST = ['bitPlaneDense', 'bitPlaneConv2D'];
const KEYS: Record<XnorLayerSpec['kind'], string[]> = {
  ...MAP_KEYS,
  bitPlaneDense: ['kind', 'name', 'inputs', 'units', 'bits', 'weights', 'thresholds'],
  xnorDense: ['kind', 'name', 'inputs', 'units', 'weights', 'thresholds'],
  outputDense: ['kind', 'name', 'inputs', 'units', 'weights', 'bias', 'table'],
};

function fail(where: string, msg: string): never {
  throw new RangeError(`readXnorModel: ${where}: ${msg}`);
}

function posInt(where: string, v: unknown, max = 2 ** 30): number {
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max) fail(where, `must be an integer in 1..${max}; got ${JSON.stringify(v)}`);
  return v as number;
}

function matrix(where: string, text: unknown, rows: number, cols: number): PackedSignMatrix {
  if (typeof text !== 'string') fail(where, 'must be a base64 string');
  const wordsPerRow = signWords(cols);
  return { rows, cols, wordsPerRow, words: fromBase64(text, rows * wordsPerRow, Uint32Array, `readXnorModel: ${where}`) };
}

function readLayer(spec: unknown, i: number, shape: number[], last: boolean, version: number): XnorLayer {
  const where = `layers[${i}]`;
  if (typeof spec !== 'object' || spec === null) fail(where, 'must be an object');
  const s = spec as Record<string, unknown>;
  const kind = s.kind as XnorLayerSpec['kind'];
  if (!KINDS.includes(kind)) fail(`${where}.kind`, `must be one of ${KINDS.join(', ')}; got ${JSON.stringify(s.kind)}`);
  if (version === 1 && !(DENSE_KINDS as readonly string[]).includes(kind)) fail(`${where}.kind`, `'${kind}' needs version 2; the file says version 1`);
  const extra = Object.keys(s).find((k) => !KEYS[kind].includes(k));
  if (extra) fail(where, `unknown key '${extra}' for ${kind}; allowed: ${KEYS[kind].join(', ')}`);
  if (FIRST.includes(kind) !== (i === 0)) fail(`${where}.kind`, `${FIRST.join(' or ')} must be the first layer and only the first`);
  if ((kind === 'outputDense') !== last) fail(`${where}.kind`, 'outputDense must be the last layer and only the last');
  if (!(DENSE_KINDS as readonly string[]).includes(kind)) return readMapLayer(s, where, shape, i === 0, fail, matrix);
  const name = typeof s.name === 'string' ? s.name : fail(`${where}.name`, 'must be a string');
  const inputs = shape.reduce((a, b) => a * b, 1);
  const n = posInt(`${where}.inputs`, s.inputs);
  if (n !== inputs) fail(`${where}.inputs`, `must equal the previous layer's width ${inputs}${shape.length > 1 ? ` (its [${shape}] flattened)` : ''}; got ${n}`);
  const units = posInt(`${where}.units`, s.units);
  const weights = matrix(`${where}.weights`, s.weights, units, n);
  if (kind === 'outputDense') {
    const bias = s.bias === undefined ? null : fromBase64(String(s.bias), units, Float32Array, `readXnorModel: ${where}.bias`);
    if (s.table === undefined) return { kind, name, weights, bias };
    if (bias) fail(where, 'has both bias and table; a table already includes the bias');
    return { kind, name, weights, bias, table: fromBase64(String(s.table), units * (n + 1), Float32Array, `readXnorModel: ${where}.table`) };
  }
  const thresholds = fromBase64(String(s.thresholds), units, Int32Array, `readXnorModel: ${where}.thresholds`);
  if (kind === 'xnorDense') return { kind, name, weights, thresholds };
  return { kind: 'bitPlaneDense', name, bits: posInt(`${where}.bits`, s.bits, 8), weights, thresholds };
}

/**
 * Validates an exported binary network (parsed JSON) and decodes its arrays.
 * @throws RangeError naming the first bad field (`readXnorModel: layers[1].inputs: …`).
 * @example readXnorModel(JSON.parse(readFileSync('mnist.xnor.json', 'utf8')))
 */
export function readXnorModel(json: unknown): XnorModel {
  if (typeof json !== 'object' || json === null) fail('model', 'must be an object');
  const j = json as Partial<XnorModelSpec>;
  if (j.format !== 'lowbit-xnor') fail('format', `must be 'lowbit-xnor'; got ${JSON.stringify(j.format)}`);
  if (j.version !== 1 && j.version !== 2) fail('version', `must be 1 or 2; got ${JSON.stringify(j.version)}`);
  const extra = Object.keys(j).find((k) => !['format', 'version', 'inputs', 'inputBits', 'numClasses', 'layers', 'source'].includes(k));
  if (extra) fail('model', `unknown key '${extra}'`);
  const inputs = posInt('inputs', j.inputs);
  const inputBits = posInt('inputBits', j.inputBits, 8);
  const numClasses = posInt('numClasses', j.numClasses);
  if (!Array.isArray(j.layers) || j.layers.length < 2) fail('layers', 'must be an array of at least 2 layers (bitPlaneDense or bitPlaneConv2D … outputDense)');
  const layers: XnorLayer[] = [];
  let shape = [inputs];
  j.layers.forEach((l, i) => {
    const layer = readLayer(l, i, shape, i === j.layers!.length - 1, j.version!);
    if ((layer.kind === 'bitPlaneDense' || layer.kind === 'bitPlaneConv2D') && layer.bits !== inputBits) fail(`layers[${i}].bits`, `must equal inputBits ${inputBits}; got ${layer.bits}`);
    layers.push(layer);
    shape = layerOutputShape(layer);
  });
  const width = shape[0]!;
  if (width !== numClasses) fail('numClasses', `must equal the last layer's units ${width}; got ${numClasses}`);
  return { inputs, inputBits, numClasses, layers, ...(j.source ? { source: j.source } : {}) };
}

/**
 * The JSON form of a decoded network (inverse of `readXnorModel`).
 * @example
 * writeFileSync('bnn.xnor.json', JSON.stringify(writeXnorModel(exportXnorModel(model))))
 */
export function writeXnorModel(model: XnorModel): XnorModelSpec {
  const layers = model.layers.map((l): XnorLayerSpec => {
    if (l.kind === 'bitPlaneConv2D' || l.kind === 'xnorConv2D' || l.kind === 'maxPool2D') return writeMapLayer(l);
    const base = { name: l.name, inputs: l.weights.cols, units: l.weights.rows, weights: toBase64(l.weights.words) };
    if (l.kind === 'outputDense') return { kind: l.kind, ...base, ...(l.bias ? { bias: toBase64(l.bias) } : {}), ...(l.table ? { table: toBase64(l.table) } : {}) };
    if (l.kind === 'xnorDense') return { kind: l.kind, ...base, thresholds: toBase64(l.thresholds) };
    return { kind: l.kind, ...base, bits: l.bits, thresholds: toBase64(l.thresholds) };
  });
  const version = layers.some((l) => (MAP_KINDS as readonly string[]).includes(l.kind)) ? 2 : 1;
  return { format: 'lowbit-xnor', version, inputs: model.inputs, inputBits: model.inputBits, numClasses: model.numClasses, layers, ...(model.source ? { source: model.source } : {}) };
}
