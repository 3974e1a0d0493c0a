import type { Command } from 'commander';
import { CONTEXT, parseFormat, formatToString } from '../../../simulators/formats/parseFormat.js';
import { PRESET_IDS } from '../../../simulators/formats/presets.js';
import { describeFormat, formatTable } from '../../../simulators/formats/describeFormat.js';
import { handlerFor } from '../../../simulators/registry.js';
import { formatValue } from '../io/formatOutput.js';
import { CliUsageError, asUsage } from '../cliError.js';

/** `lowbit formats` (the presets) and `lowbit format SPEC [--table] [--json]` (one format described). */
export function registerFormatCommands(program: Command): void {
  program
    .command('formats')
    .description('list the preset formats')
    .action(() => {
      const w = Math.max(...PRESET_IDS.map((id) => id.length));
      for (const id of PRESET_IDS) {
        const spec = parseFormat(id);
        const bits = handlerFor(spec).facts(spec, CONTEXT).bitsPerElement;
        process.stdout.write(`${id.padEnd(w)}  ${String(bits).padStart(5)} bits  ${formatToString(spec)}\n`);
      }
    });
  program
    .command('format')
    .description('describe one format: bits, bias, min/max, subnormal range, special encodings')
    .argument('<spec>', `format spec or preset (${PRESET_IDS.slice(0, 3).join(', ')}, ...)`)
    .option('--table', 'list every value of a format of 12 bits or fewer', false)
    .option('--json', 'print the description as JSON', false)
    .action((text: string, o: { table: boolean; json: boolean }) => {
      let spec;
      try {
        spec = parseFormat(text);
      } catch (e) {
        throw new CliUsageError(`SPEC: ${(e as Error).message}`);
      }
      const rep = describeFormat(spec);
      const table = o.table ? asUsage('--table', () => formatTable(spec)) : undefined;
      if (o.json) {
        // numbers, not display strings (as ml_dtypes.finfo): the facts at the top level; table values stay
        // strings because nan and ±inf have no JSON number
        const t = table?.map((r) => ({ ...r, value: formatValue(r.value) }));
        const { fields: _fields, facts, ...head } = rep;
        process.stdout.write(JSON.stringify({ ...head, ...facts, table: t }, null, 2) + '\n');
        return;
      }
      const per = rep.facts.bitsPerElement === rep.bits ? '' : ` per element, ${rep.facts.bitsPerElement} with the scale`;
      const lines = [`${rep.preset ? rep.preset + ' = ' : ''}${rep.spec}: ${rep.bits} bits${per}`];
      const w = Math.max(...rep.fields.map(([k]) => k.length));
      for (const [k, v] of rep.fields) lines.push(`  ${k.padEnd(w)}  ${v}`);
      if (table) {
        lines.push('', `  ${'code'.padEnd(6)}${'bits'.padEnd(rep.bits + 2)}value`);
        for (const r of table) lines.push(`  ${r.code.padEnd(6)}${r.bits.padEnd(rep.bits + 2)}${formatValue(r.value)}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
