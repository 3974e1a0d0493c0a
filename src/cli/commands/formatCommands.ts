import type { Command } from 'commander';
import { parseFormat, formatToString } from '../../../simulators/formats/parseFormat.js';
import { FORMAT_PRESETS, PRESET_IDS } from '../../../simulators/formats/presets.js';
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
        process.stdout.write(`${id.padEnd(w)}  ${String(handlerFor(spec).bits(spec)).padStart(2)} bits  ${formatToString(spec)}\n`);
      }
    });
  program
    .command('format')
    .description('describe one format: bits, bias, min/max, subnormal range, special encodings')
    .argument('<spec>', `format spec or preset (${Object.keys(FORMAT_PRESETS).slice(0, 3).join(', ')}, ...)`)
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
        const t = table?.map((r) => ({ ...r, value: formatValue(r.value) }));
        process.stdout.write(JSON.stringify({ ...rep, fields: Object.fromEntries(rep.fields), table: t }, null, 2) + '\n');
        return;
      }
      const lines = [`${rep.preset ? rep.preset + ' = ' : ''}${rep.spec}: ${rep.bits} bits`];
      const w = Math.max(...rep.fields.map(([k]) => k.length));
      for (const [k, v] of rep.fields) lines.push(`  ${k.padEnd(w)}  ${v}`);
      if (table) {
        lines.push('', `  ${'code'.padEnd(6)}${'bits'.padEnd(rep.bits + 2)}value`);
        for (const r of table) lines.push(`  ${r.code.padEnd(6)}${r.bits.padEnd(rep.bits + 2)}${formatValue(r.value)}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
