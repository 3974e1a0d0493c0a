import type { LayerJson, ModelTopologyJson } from '../../profiler/topology.js';

/** A layer to add: class name and config (its `name` is filled in by the builder when absent). */
export interface LayerSpec {
  class_name: string;
  config: Record<string, unknown>;
}

/** Builds a Sequential topology in the `model.toJSON()` format (tfjs-layers 4.x keys). */
export class SequentialBuilder {
  private readonly layers: LayerJson[] = [];
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly inputShape: readonly number[],
  ) {}

  add(spec: LayerSpec): this {
    const config: Record<string, unknown> = { ...spec.config, name: spec.config.name ?? this.autoName(spec.class_name) };
    if (this.layers.length === 0) config.batch_input_shape = [null, ...this.inputShape];
    this.layers.push({ class_name: spec.class_name, config });
    return this;
  }

  build(): ModelTopologyJson {
    return { class_name: 'Sequential', config: { name: this.name, layers: this.layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' };
  }

  private autoName(cls: string): string {
    const base = cls.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    const n = (this.counts.get(base) ?? 0) + 1;
    this.counts.set(base, n);
    return `${base}_${n}`;
  }
}

/** Builds a functional (`Model`) topology: each call returns the new layer's name, the handle of its output. */
export class FunctionalBuilder {
  private readonly layers: LayerJson[] = [];
  private readonly inputs: string[] = [];

  constructor(private readonly name: string) {}

  input(shape: readonly number[], name = 'input_1'): string {
    this.layers.push({ class_name: 'InputLayer', name, config: { batch_input_shape: [null, ...shape], dtype: 'float32', sparse: false, name }, inbound_nodes: [] });
    this.inputs.push(name);
    return name;
  }

  layer(name: string, spec: LayerSpec, inputs: string | readonly string[]): string {
    if (this.layers.some((l) => l.name === name)) throw new Error(`FunctionalBuilder: duplicate layer name ${name}`);
    const inbound = (typeof inputs === 'string' ? [inputs] : inputs).map((i) => [i, 0, 0, {}]);
    this.layers.push({ class_name: spec.class_name, name, config: { ...spec.config, name }, inbound_nodes: [inbound] });
    return name;
  }

  build(outputs: readonly string[]): ModelTopologyJson {
    return {
      class_name: 'Model',
      config: { name: this.name, layers: this.layers, input_layers: this.inputs.map((i) => [i, 0, 0]), output_layers: outputs.map((o) => [o, 0, 0]) },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    };
  }
}
