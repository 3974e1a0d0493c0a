/** Geometry of a 2-D convolution (NHWC input, [kh, kw, c, f] kernel), TensorFlow's `same`/`valid` padding. */
export interface ConvGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  oh: number;
  ow: number;
  padTop: number;
  padLeft: number;
}

/** The geometry of a convolution; `same` pads (out − 1)·s + k − in in total, the smaller half first (as TensorFlow). */
export function convGeometry(shape: number[], kernel: number[], strides: [number, number], padding: 'same' | 'valid'): ConvGeometry {
  const [n, h, w, c] = shape as [number, number, number, number];
  const [kh, kw] = kernel as [number, number];
  const [sh, sw] = strides;
  const oh = padding === 'same' ? Math.ceil(h / sh) : Math.floor((h - kh) / sh) + 1;
  const ow = padding === 'same' ? Math.ceil(w / sw) : Math.floor((w - kw) / sw) + 1;
  const padTop = padding === 'same' ? Math.floor(Math.max((oh - 1) * sh + kh - h, 0) / 2) : 0;
  const padLeft = padding === 'same' ? Math.floor(Math.max((ow - 1) * sw + kw - w, 0) / 2) : 0;
  return { n, h, w, c, kh, kw, sh, sw, oh, ow, padTop, padLeft };
}

/** Patches as rows: [n·oh·ow, kh·kw·c], each row in (ky, kx, channel) order, zeros where the patch leaves the image. */
export function im2col(x: Float32Array, g: ConvGeometry): Float32Array {
  const cols = new Float32Array(g.n * g.oh * g.ow * g.kh * g.kw * g.c);
  let r = 0;
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++, r++) {
        let o = r * g.kh * g.kw * g.c;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.sh + ky - g.padTop;
          for (let kx = 0; kx < g.kw; kx++, o += g.c) {
            const ix = ox * g.sw + kx - g.padLeft;
            if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
            const src = ((b * g.h + iy) * g.w + ix) * g.c;
            for (let ch = 0; ch < g.c; ch++) cols[o + ch] = x[src + ch]!;
          }
        }
      }
    }
  }
  return cols;
}

/** The adjoint of `im2col`: adds each patch row back onto the image (overlaps summed in float64, stored float32). */
export function col2im(cols: Float32Array, g: ConvGeometry): Float32Array {
  const x = new Float64Array(g.n * g.h * g.w * g.c);
  let r = 0;
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++, r++) {
        let o = r * g.kh * g.kw * g.c;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.sh + ky - g.padTop;
          for (let kx = 0; kx < g.kw; kx++, o += g.c) {
            const ix = ox * g.sw + kx - g.padLeft;
            if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
            const dst = ((b * g.h + iy) * g.w + ix) * g.c;
            for (let ch = 0; ch < g.c; ch++) x[dst + ch] += cols[o + ch]!;
          }
        }
      }
    }
  }
  return Float32Array.from(x);
}
