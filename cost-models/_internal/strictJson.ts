/**
 * Strict readers for JSON parameter files: every problem is a RangeError that names the file, the key path and
 * what was expected. Unknown keys are errors (a typo must never fall back to a default silently).
 */
export class JsonReader {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(problem: string): never {
    throw new RangeError(`${this.file}: ${this.path || '(top level)'}: ${problem}`);
  }

  /** The object's keys must all be in `required ∪ optional`, and every required key present. */
  object(required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
    const v = this.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(`must be an object; got ${short(v)}`);
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (!required.includes(k) && !optional.includes(k)) {
        this.at(k).fail(`unknown key; allowed: ${[...required, ...optional].join(', ')}`);
      }
    }
    for (const k of required) if (!(k in obj)) this.at(k).fail('missing required key');
    return obj;
  }

  at(key: string | number): JsonReader {
    const obj = this.value as Record<string | number, unknown>;
    const p = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    return new JsonReader(this.file, p, obj?.[key]);
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail(`must be a string; got ${short(this.value)}`);
    return this.value;
  }

  number(min = -Infinity): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(`must be a finite number; got ${short(v)}`);
    if (v < min) this.fail(`must be ≥ ${min}; got ${v}`);
    return v;
  }

  numbers(length?: number, min = -Infinity): number[] {
    if (!Array.isArray(this.value)) this.fail(`must be an array of numbers; got ${short(this.value)}`);
    if (length !== undefined && this.value.length !== length) this.fail(`must have ${length} entries; got ${this.value.length}`);
    return this.value.map((_, i) => this.at(i).number(min));
  }

  /** Numbers strictly increasing (interpolation knots). */
  increasing(min = -Infinity): number[] {
    const xs = this.numbers(undefined, min);
    if (xs.length < 2) this.fail('needs at least 2 entries');
    xs.forEach((x, i) => i > 0 && x <= xs[i - 1]! && this.fail(`must be strictly increasing; got ${JSON.stringify(xs)}`));
    return xs;
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
}
