import type { z } from 'zod';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; getter?: () => z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas `schema` can be at `path` for this data (wrappers unwrapped, unions narrowed by the data). */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): Def[] {
  const d = defOf(schema);
  switch (d.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
    case 'readonly':
      return objectsAt(d.innerType!, path, data);
    case 'pipe':
      return objectsAt(d.in!, path, data);
    case 'lazy':
      return objectsAt(d.getter!(), path, data);
    case 'union': {
      const ok = d.options!.filter((o) => o.safeParse(data).success || objectsAt(o, [], data).some((x) => matchesLiterals(x, data)));
      return (ok.length ? ok : d.options!).flatMap((o) => objectsAt(o, path, data));
    }
    case 'array':
      return path.length === 0 ? [] : objectsAt(d.element!, path.slice(1), (data as unknown[] | undefined)?.[path[0] as number]);
    case 'object': {
      if (path.length === 0) return [d];
      const next = d.shape![String(path[0])];
      return next ? objectsAt(next, path.slice(1), (data as Record<string, unknown> | undefined)?.[String(path[0])]) : [];
    }
    default:
      return [];
  }
}

/** True when every literal field of the object schema (a discriminator such as `type: 'mlp'`) matches the data. */
function matchesLiterals(d: Def, data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  return Object.entries(d.shape ?? {}).every(([k, s]) => defOf(s).type !== 'literal' || s.safeParse((data as Record<string, unknown>)[k]).success);
}

/**
 * The keys a strict zod object schema allows at `path` (for the message of an unknown key), given the data that
 * failed; empty when unknown.
 * @example allowedKeysAt(TRAIN_CONFIG_SCHEMA, ['optimizer'], config) // ['type', 'lr', 'momentum', …]
 */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  return [...new Set(objectsAt(schema, path, data).flatMap((d) => Object.keys(d.shape ?? {})))];
}
