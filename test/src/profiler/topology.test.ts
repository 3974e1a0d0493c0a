import { describe, expect, it } from 'vitest';
import { readTopology } from '../../../src/profiler/topology.js';

const dense = (name: string, extra: Record<string, unknown> = {}) => ({ class_name: 'Dense', config: { name, units: 2, ...extra } });

describe('readTopology', () => {
  it('reads Sequential models with and without an InputLayer, and old list configs', () => {
    const g = readTopology({ class_name: 'Sequential', config: { name: 's', layers: [dense('a', { batch_input_shape: [null, 3] }), dense('b')] } });
    expect(g.nodes.map((n) => [n.name, n.className, n.inbound])).toEqual([['input', 'InputLayer', []], ['a', 'Dense', ['input']], ['b', 'Dense', ['a']]]);
    const withInput = readTopology({ class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 3] } }, dense('a')] } });
    expect(withInput.nodes.map((n) => n.name)).toEqual(['in', 'a']);
    expect(readTopology({ class_name: 'Sequential', config: [dense('input', { batch_input_shape: [null, 3] })] }).nodes[0]!.name).toBe('input_0');
  });

  it('reads functional models in topological order, from model.json wrappers too', () => {
    const topo = {
      class_name: 'Functional',
      config: {
        name: 'f',
        layers: [
          { class_name: 'Add', name: 's', config: {}, inbound_nodes: [[['a', 0, 0, {}], ['in', 0, 0, {}]]] },
          { ...dense('a'), name: 'a', inbound_nodes: [[['in', 0, 0, {}]]] },
          { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 2] }, inbound_nodes: [] },
        ],
      },
    };
    const order = (x: unknown) => readTopology(x).nodes.map((n) => n.name);
    expect(order(topo)).toEqual(['in', 'a', 's']);
    expect(order({ format: 'layers-model', modelTopology: topo, weightsManifest: [] })).toEqual(['in', 'a', 's']);
    expect(order({ modelTopology: { keras_version: '2.15', model_config: topo } })).toEqual(['in', 'a', 's']);
  });

  it('rejects what it cannot read, saying why', () => {
    const fn = (layers: unknown[]) => () => readTopology({ class_name: 'Model', config: { layers } });
    expect(() => readTopology(42)).toThrow('profileModel: model must be a tf.LayersModel, a topology {class_name, config} or a model.json {modelTopology}; got 42');
    expect(() => readTopology({ class_name: 'Graph', config: { layers: [] } })).toThrow(`profileModel: model.class_name must be 'Sequential', 'Model' or 'Functional'; got "Graph"`);
    expect(() => readTopology({ class_name: 'Sequential', config: { layers: 3 } })).toThrow('profileModel: model.config.layers must be an array; got 3');
    expect(() => readTopology({ class_name: 'Sequential', config: { layers: [dense('a')] } })).toThrow("profileModel: model: the first layer 'a' of a Sequential model needs batch_input_shape");
    expect(() => readTopology({ class_name: 'Sequential', config: { layers: [{ config: {} }] } })).toThrow('profileModel: model.config.layers[0] must be {class_name, config}');
    expect(fn([{ ...dense('a'), inbound_nodes: [{ args: [], kwargs: {} }] }])).toThrow('Keras 3 topologies are not supported');
    expect(fn([{ ...dense('a'), inbound_nodes: [[['x', 0, 0, {}]], [['y', 0, 0, {}]]] }])).toThrow("profileModel: model: layer 'a' is shared (called 2 times); shared layers are not supported");
    expect(fn([{ ...dense('a'), inbound_nodes: [[['nope', 0, 0, {}]]] }])).toThrow("profileModel: model: layer 'a' reads from 'nope', which is not a layer of the model");
    expect(fn([{ ...dense('a'), inbound_nodes: [[['b', 0, 0, {}]]] }, { ...dense('b'), inbound_nodes: [[['a', 0, 0, {}]]] }])).toThrow("profileModel: model: the graph has a cycle through layer 'a'");
    expect(fn([{ ...dense('a'), inbound_nodes: [[['b', 0, 1, {}]]] }])).toThrow("reads output 1 of 'b'; multi-output layers are not supported");
    expect(fn([{ ...dense('a'), inbound_nodes: [] }, { ...dense('a'), inbound_nodes: [] }])).toThrow("profileModel: model: two layers are named 'a'; names must be unique");
  });
});
