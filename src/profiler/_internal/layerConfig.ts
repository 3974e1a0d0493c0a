/**
 * Reads a layer's config as written by `model.toJSON()` (snake_case keys) or by hand (camelCase keys), with
 * errors that name the layer, its class, the key, the value and what is allowed.
 */
export class LayerConfig {
  constructor(
    readonly layer: string,
    readonly className: string,
    readonly raw: Readonly<Record<string, unknown>>,
  ) {}

  fail(key: string, problem: string): never {
    throw new RangeError(`profileModel: layer '${this.layer}' (${this.className}): config.${key} ${problem}`);
  }

  get(key: string): unknown {
    if (key in this.raw) return this.raw[key];
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return this.raw[camel];
  }

  has(key: string): boolean {
    const v = this.get(key);
    return v !== undefined && v !== null;
  }

  int(key: string, fallback?: number, min = 1): number {
    const v = this.get(key);
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required (a positive integer)');
      return fallback;
    }
    if (!Number.isSafeInteger(v) || (v as number) < min) this.fail(key, `must be an integer ≥ ${min}; got ${JSON.stringify(v)}`);
    return v as number;
  }

  /** An integer or a pair of integers (kernel_size, strides, pool_size, dilation_rate). */
  pair(key: string, fallback?: [number, number]): [number, number] {
    const v = this.get(key);
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required (an integer or a pair of integers)');
      return fallback;
    }
    const xs = Array.isArray(v) ? v : [v, v];
    if (xs.length !== 2 || !xs.every((x) => Number.isSafeInteger(x) && x >= 1)) {
      this.fail(key, `must be a positive integer or a pair of them; got ${JSON.stringify(v)}`);
    }
    return [xs[0] as number, xs[1] as number];
  }

  str<S extends string>(key: string, allowed: readonly S[], fallback: S): S {
    const v = this.get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(key, `must be one of ${allowed.join(', ')}; got ${JSON.stringify(v)}`);
    }
    return v as S;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') this.fail(key, `must be true or false; got ${JSON.stringify(v)}`);
    return v;
  }

  /** A number (not necessarily an integer), e.g. ReLU max_value. */
  num(key: string): number | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `must be a number; got ${JSON.stringify(v)}`);
    return v;
  }
}
