import type { ModelTopologyJson } from '../profiler/topology.js';
import { alexnet } from './alexnet.js';
import { binarynetCifar, binarynetMlp } from './binarynet.js';
import { lenet5 } from './lenet5.js';
import { mlpPimnist } from './mlpPimnist.js';
import { mobilenetv2 } from './mobilenetv2.js';
import { resnet18, resnet20Cifar } from './resnet.js';
import { vgg16 } from './vgg16.js';

/**
 * The model zoo: topology builders (no weights) usable by name in `lowbit cost --model`. One explicit list; see
 * each builder's JSDoc for its source and the published figures its counts match.
 */
const ENTRIES: Array<[string, () => ModelTopologyJson]> = [
  ['lenet5', lenet5],
  ['mlp-pimnist', mlpPimnist],
  ['binarynet-mlp', binarynetMlp],
  ['binarynet-cifar', binarynetCifar],
  ['alexnet', alexnet],
  ['vgg16', vgg16],
  ['resnet18', resnet18],
  ['resnet20-cifar', resnet20Cifar],
  ['mobilenetv2', mobilenetv2],
];

/**
 * Names of the zoo models, in listing order.
 * @example
 * ZOO_MODEL_NAMES.map((name) => [name, costReport(profileModel(zooModel(name)), horowitz45nm).totals.macs])
 */
export const ZOO_MODEL_NAMES: readonly string[] = ENTRIES.map(([n]) => n);

const BUILDERS = new Map(ENTRIES);

/**
 * True when `name` is a zoo model.
 * @example
 * isZooModel('resnet18') // true
 */
export function isZooModel(name: string): boolean {
  return BUILDERS.has(name);
}

/**
 * The topology JSON (`model.toJSON()` format) of a zoo model, freshly built.
 * @throws RangeError for an unknown name, listing the known ones.
 * @example profileModel(zooModel('vgg16')).layers.length
 */
export function zooModel(name: string): ModelTopologyJson {
  const build = BUILDERS.get(name);
  if (!build) throw new RangeError(`zooModel: unknown model ${JSON.stringify(name)}; known: ${ZOO_MODEL_NAMES.join(', ')}`);
  return build();
}
