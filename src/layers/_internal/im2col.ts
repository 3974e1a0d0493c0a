import type { ConvGeometry } from '../convGeometry.js';

/**
 * Calls `f(col, pixel)` for every tap of every patch that falls inside the image: `col` is the offset of the tap's
 * first channel in the patch matrix ([n·oh·ow, kh·kw·c], rows in (ky, kx, channel) order) and `pixel` the offset of
 * the input pixel's first channel (NHWC). Taps in the padding are skipped.
 */
function forEachTap(g: ConvGeometry, f: (col: number, pixel: number) => void): void {
  let r = 0;
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++, r++) {
        let o = r * g.kh * g.kw * g.c;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.sh + ky - g.padTop;
          for (let kx = 0; kx < g.kw; kx++, o += g.c) {
            const ix = ox * g.sw + kx - g.padLeft;
            if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) f(o, ((b * g.h + iy) * g.w + ix) * g.c);
          }
        }
      }
    }
  }
}

/** Patches as rows: [n·oh·ow, kh·kw·c], each row in (ky, kx, channel) order, zeros where the patch leaves the image. */
export function im2col(x: Float32Array, g: ConvGeometry): Float32Array {
  const cols = new Float32Array(g.n * g.oh * g.ow * g.kh * g.kw * g.c);
  forEachTap(g, (o, src) => {
    for (let ch = 0; ch < g.c; ch++) cols[o + ch] = x[src + ch]!;
  });
  return cols;
}

/** The adjoint of `im2col`: adds each patch row back onto the image (overlaps summed in float64, stored float32). */
export function col2im(cols: Float32Array, g: ConvGeometry): Float32Array {
  const x = new Float64Array(g.n * g.h * g.w * g.c);
  forEachTap(g, (o, dst) => {
    for (let ch = 0; ch < g.c; ch++) x[dst + ch] += cols[o + ch]!;
  });
  return Float32Array.from(x);
}
