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

/** The project's WebAssembly sources: [source .wat, generated .ts, exported base64 constant], from the root. */
export const WASM_SOURCES: ReadonlyArray<[string, string, string]> = [
  ['simulators/fastpath/wasm/roundKernels.wat', 'simulators/fastpath/wasm/roundKernelsBytes.ts', 'ROUND_KERNELS_BASE64'],
  ['simulators/fastpath/wasm/arithKernels.wat', 'simulators/fastpath/wasm/arithKernelsBytes.ts', 'ARITH_KERNELS_BASE64'],
  ['simulators/fastpath/wasm/dotKernels.wat', 'simulators/fastpath/wasm/dotKernelsBytes.ts', 'DOT_KERNELS_BASE64'],
  ['simulators/fastpath/wasm/srKernels.wat', 'simulators/fastpath/wasm/srKernelsBytes.ts', 'SR_KERNELS_BASE64'],
  ['src/xnor/wasm/xnorGemm.wat', 'src/xnor/wasm/xnorGemmBytes.ts', 'XNOR_GEMM_BASE64'],
];
