import type { Command } from 'commander';
import { registerFormatCommands } from './formatCommands.js';
import { registerQuantize } from './quantize.js';
import { registerArith } from './arith.js';
import { registerTrain } from './train.js';
import { registerExportBinary } from './exportBinary.js';
import { registerInfer } from './infer.js';
import { registerStudy } from './study.js';
import { registerCost } from './cost.js';
import { registerTestgen } from './testgen.js';
import { registerVerify } from './verify.js';

/** Every CLI command, registered in this order (one line per command module). */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerFormatCommands, registerQuantize, registerArith, registerTrain, registerStudy, registerCost, registerExportBinary, registerInfer, registerTestgen, registerVerify];
