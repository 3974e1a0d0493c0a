import type { LayerSpec } from './builders.js';

/** Layer specs with tfjs-layers' snake_case config keys (as `model.toJSON()` writes them). */
export interface ConvOptions {
  strides?: number;
  padding?: 'valid' | 'same';
  useBias?: boolean;
  activation?: string;
  groups?: number;
  name?: string;
}

export function conv2d(filters: number, kernel: number, o: ConvOptions = {}): LayerSpec {
  return {
    class_name: 'Conv2D',
    config: {
      filters,
      kernel_size: [kernel, kernel],
      strides: [o.strides ?? 1, o.strides ?? 1],
      padding: o.padding ?? 'valid',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: o.activation ?? 'linear',
      use_bias: o.useBias ?? true,
      ...(o.groups && o.groups > 1 ? { groups: o.groups } : {}),
      ...(o.name ? { name: o.name } : {}),
    },
  };
}

export function depthwiseConv2d(kernel: number, o: ConvOptions = {}): LayerSpec {
  return {
    class_name: 'DepthwiseConv2D',
    config: {
      kernel_size: [kernel, kernel],
      strides: [o.strides ?? 1, o.strides ?? 1],
      padding: o.padding ?? 'valid',
      depth_multiplier: 1,
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: o.activation ?? 'linear',
      use_bias: o.useBias ?? true,
    },
  };
}

export function dense(units: number, activation = 'linear', useBias = true): LayerSpec {
  return { class_name: 'Dense', config: { units, activation, use_bias: useBias } };
}


export function batchNorm(epsilon = 1e-3): LayerSpec {
  return { class_name: 'BatchNormalization', config: { axis: -1, momentum: 0.99, epsilon, center: true, scale: true } };
}

export function relu(maxValue?: number): LayerSpec {
  return { class_name: 'ReLU', config: maxValue === undefined ? {} : { max_value: maxValue } };
}

export function maxPool(size: number, stride = size, padding: 'valid' | 'same' = 'valid'): LayerSpec {
  return { class_name: 'MaxPooling2D', config: { pool_size: [size, size], strides: [stride, stride], padding, data_format: 'channels_last' } };
}

export function avgPool(size: number, stride = size): LayerSpec {
  return { class_name: 'AveragePooling2D', config: { pool_size: [size, size], strides: [stride, stride], padding: 'valid', data_format: 'channels_last' } };
}

export function globalAvgPool(): LayerSpec {
  return { class_name: 'GlobalAveragePooling2D', config: { data_format: 'channels_last' } };
}

export function flatten(): LayerSpec {
  return { class_name: 'Flatten', config: {} };
}

export function dropout(rate: number): LayerSpec {
  return { class_name: 'Dropout', config: { rate } };
}

export function add(): LayerSpec {
  return { class_name: 'Add', config: {} };
}

/** The same spec with an explicit layer name. */
export function named(name: string, spec: LayerSpec): LayerSpec {
  return { class_name: spec.class_name, config: { ...spec.config, name } };
}
