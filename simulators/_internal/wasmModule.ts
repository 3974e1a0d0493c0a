/**
 * Compiles a WebAssembly module from base64 bytes, synchronously (small modules only); null where the runtime lacks
 * WebAssembly or a feature the module uses (e.g. SIMD), so that callers fall back to JS.
 */
export function compileBase64(base64: string): WebAssembly.Module | null {
  try {
    const bin = atob(base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new WebAssembly.Module(bytes);
  } catch {
    return null;
  }
}

/**
 * Instantiates a WebAssembly module from base64 bytes, synchronously (small modules only); null where the
 * runtime lacks WebAssembly or a feature the module uses (e.g. SIMD), so that callers fall back to JS.
 */
export function instantiateBase64<T>(base64: string): T | null {
  const mod = compileBase64(base64);
  if (!mod) return null;
  try {
    return new WebAssembly.Instance(mod).exports as unknown as T;
  } catch {
    return null;
  }
}
