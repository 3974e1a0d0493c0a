/**
 * Model topologies as `model.toJSON()` writes them (tfjs-layers; the Keras 2 `model.json` format).
 * The profiler needs only this JSON, never the weights, so a design can be costed without allocating it.
 */

/**
 * One layer entry of a topology. `inbound_nodes` is present in functional models only.
 * @example
 * zooModel('lenet5').config.layers.map((l: LayerJson) => l.class_name)
 */
export interface LayerJson {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown[];
}

/**
 * A Sequential or functional (`Model`/`Functional`) topology.
 * @example
 * const topology: ModelTopologyJson = zooModel('lenet5'); // or a tfjs model.json's modelTopology
 */
export interface ModelTopologyJson {
  class_name: string;
  config: { name?: string; layers: LayerJson[]; input_layers?: unknown; output_layers?: unknown } | LayerJson[];
  keras_version?: string;
  backend?: string;
}

/**
 * A layer in a normalised graph: its inputs by layer name.
 * @example
 * readTopology(zooModel('resnet18')).nodes.filter((n: TopologyNode) => n.inbound.length > 1) // the residual adds
 */
export interface TopologyNode {
  readonly name: string;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly inbound: readonly string[];
}

/**
 * A normalised graph, nodes in topological order (inputs first).
 * @example
 * const graph: ModelGraph = readTopology(zooModel('lenet5'));
 * graph.nodes.map((n) => n.name)
 */
export interface ModelGraph {
  readonly name: string;
  readonly nodes: readonly TopologyNode[];
}

/** Anything with tfjs `LayersModel.toJSON(unused, returnString)`. */
interface ToJsonable {
  toJSON(unused?: unknown, returnString?: boolean): unknown;
}

const where = 'profileModel: model';

/**
 * Normalises a model to a graph: a tf.LayersModel (anything with `toJSON`), a topology
 * `{class_name, config}`, or a `model.json` artifact `{modelTopology, …}` (Keras-converted files may wrap it
 * in `model_config`). Sequential models get an `InputLayer` node named 'input' when they have none.
 * Not supported: Keras 3 topologies, shared layers (a layer called more than once), multi-output layers.
 * @throws RangeError naming what is wrong.
 * @example readTopology(model.toJSON(null, false)).nodes.map((n) => n.className)
 */
export function readTopology(model: unknown): ModelGraph {
  let m = model;
  if (m && typeof (m as ToJsonable).toJSON === 'function' && Array.isArray((m as { layers?: unknown }).layers)) {
    m = (m as ToJsonable).toJSON(null, false);
  }
  if (isObj(m) && 'modelTopology' in m) m = m.modelTopology;
  if (isObj(m) && 'model_config' in m) m = m.model_config;
  if (!isObj(m) || typeof m.class_name !== 'string') {
    throw new RangeError(`${where} must be a tf.LayersModel, a topology {class_name, config} or a model.json {modelTopology}; got ${describe(m)}`);
  }
  const cfg = m.config;
  const layers = Array.isArray(cfg) ? cfg : isObj(cfg) ? cfg.layers : undefined;
  if (!Array.isArray(layers)) throw new RangeError(`${where}.config.layers must be an array; got ${describe(layers)}`);
  const name = isObj(cfg) && typeof cfg.name === 'string' ? cfg.name : 'model';
  const entries = layers.map((l, i) => entry(l, i));
  if (m.class_name === 'Sequential') return { name, nodes: sequential(entries) };
  if (m.class_name === 'Model' || m.class_name === 'Functional') return { name, nodes: topoSort(entries.map(functionalNode)) };
  throw new RangeError(`${where}.class_name must be 'Sequential', 'Model' or 'Functional'; got ${JSON.stringify(m.class_name)}`);
}

function entry(l: unknown, i: number): LayerJson & { name: string } {
  if (!isObj(l) || typeof l.class_name !== 'string' || !isObj(l.config)) {
    throw new RangeError(`${where}.config.layers[${i}] must be {class_name, config}; got ${describe(l)}`);
  }
  const name = typeof l.name === 'string' ? l.name : typeof l.config.name === 'string' ? l.config.name : `${l.class_name}_${i}`;
  return { ...(l as unknown as LayerJson), name };
}

function sequential(entries: Array<LayerJson & { name: string }>): TopologyNode[] {
  if (entries.length === 0) return [];
  const nodes: TopologyNode[] = [];
  let prev: string;
  if (entries[0]!.class_name === 'InputLayer') {
    nodes.push({ name: entries[0]!.name, className: 'InputLayer', config: entries[0]!.config, inbound: [] });
    prev = entries[0]!.name;
    entries = entries.slice(1);
  } else {
    const c = entries[0]!.config;
    const shape = c.batch_input_shape ?? c.batchInputShape ?? c.batch_shape;
    if (shape === undefined) throw new RangeError(`${where}: the first layer '${entries[0]!.name}' of a Sequential model needs batch_input_shape`);
    prev = entries.some((e) => e.name === 'input') ? 'input_0' : 'input';
    nodes.push({ name: prev, className: 'InputLayer', config: { batch_input_shape: shape }, inbound: [] });
  }
  for (const e of entries) {
    nodes.push({ name: e.name, className: e.class_name, config: e.config, inbound: [prev] });
    prev = e.name;
  }
  checkUnique(nodes);
  return nodes;
}

function functionalNode(e: LayerJson & { name: string }): TopologyNode {
  const nodes = e.inbound_nodes ?? [];
  if (!Array.isArray(nodes)) throw new RangeError(`${where}: layer '${e.name}': inbound_nodes must be an array`);
  if (nodes.length > 1) throw new RangeError(`${where}: layer '${e.name}' is shared (called ${nodes.length} times); shared layers are not supported`);
  const inbound = nodes.length === 0 ? [] : (nodes[0] as unknown[]);
  if (!Array.isArray(inbound)) {
    throw new RangeError(`${where}: layer '${e.name}': inbound_nodes[0] must be [[name, node, tensor, kwargs], …] (Keras 2 / tfjs format; Keras 3 topologies are not supported)`);
  }
  const names = inbound.map((t, i) => {
    if (!Array.isArray(t) || typeof t[0] !== 'string') throw new RangeError(`${where}: layer '${e.name}': inbound_nodes[0][${i}] must be [name, node, tensor, kwargs]; got ${describe(t)}`);
    if ((t[2] ?? 0) !== 0) throw new RangeError(`${where}: layer '${e.name}' reads output ${t[2]} of '${t[0]}'; multi-output layers are not supported`);
    return t[0] as string;
  });
  return { name: e.name, className: e.class_name, config: e.config, inbound: names };
}

function topoSort(nodes: TopologyNode[]): TopologyNode[] {
  checkUnique(nodes);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: TopologyNode[] = [];
  const visit = (n: TopologyNode) => {
    const s = state.get(n.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new RangeError(`${where}: the graph has a cycle through layer '${n.name}'`);
    state.set(n.name, 'visiting');
    for (const src of n.inbound) {
      const p = byName.get(src);
      if (!p) throw new RangeError(`${where}: layer '${n.name}' reads from '${src}', which is not a layer of the model`);
      visit(p);
    }
    state.set(n.name, 'done');
    out.push(n);
  };
  nodes.forEach(visit);
  return out;
}

function checkUnique(nodes: readonly TopologyNode[]): void {
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.name)) throw new RangeError(`${where}: two layers are named '${n.name}'; names must be unique`);
    seen.add(n.name);
  }
}

function isObj(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 80 ? s.slice(0, 77) + '...' : s;
}
