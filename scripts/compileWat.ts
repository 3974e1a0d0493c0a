import wabtInit from 'wabt';

/** Compiles WebAssembly text (SIMD on) to validated module bytes with wabt. */
export async function compileWat(text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('kernels.wat', text, { simd: true });
  try {
    mod.validate();
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}
