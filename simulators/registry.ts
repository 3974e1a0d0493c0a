import type { FormatSpec } from './formats/formatSpec.js';
import type { FormatHandler } from './formats/formatHandler.js';
import { floatHandler } from './formats/floatHandler.js';
import { fixedHandler } from './formats/fixedHandler.js';
import { dfixedHandler } from './formats/dfixedHandler.js';
import { pow2Handler } from './formats/pow2Handler.js';
import { binaryHandler } from './formats/binaryHandler.js';
import { ternaryHandler } from './formats/ternaryHandler.js';

/**
 * The one `kind → handler` map that every simulator entry point dispatches through. Adding a format family is
 * one line here (see ../shared/STYLE.md §5).
 */
const HANDLERS: { [K in FormatSpec['kind']]?: FormatHandler<Extract<FormatSpec, { kind: K }>> } = {
  float: floatHandler,
  fixed: fixedHandler,
  dfixed: dfixedHandler,
  pow2: pow2Handler,
  binary: binaryHandler,
  ternary: ternaryHandler,
};

/**
 * The handler of a format's family.
 * @throws RangeError for an unknown kind, listing the known ones.
 */
export function handlerFor<S extends FormatSpec>(spec: S): FormatHandler<S> {
  const h = (HANDLERS as Record<string, FormatHandler<S> | undefined>)[spec.kind];
  if (!h) throw new RangeError(`no simulator for format kind ${JSON.stringify(spec.kind)}; known: ${Object.keys(HANDLERS).join(', ')}`);
  return h;
}
