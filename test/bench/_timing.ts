/** Best wall time of `runs` calls of f, in seconds (the benches' baseline and candidates use the same rule). */
export function best(runs: number, f: () => void): number {
  let t = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t / 1000;
}
