/**
 * Pareto front of (cost, error) points, both minimised: a point is on the front when no other point has a cost
 * ≤ and an error ≤ with at least one strictly smaller. Points with equal cost and error are all on it.
 * O(n log n): sort by cost (then error) and keep the running minimum error.
 * @example paretoFront([{ cost: 1, error: 5 }, { cost: 2, error: 3 }, { cost: 3, error: 4 }]) // [true, true, false]
 */
export function paretoFront(points: ReadonlyArray<{ cost: number; error: number }>): boolean[] {
  for (const [i, p] of points.entries()) {
    if (!Number.isFinite(p.cost) || !Number.isFinite(p.error)) {
      throw new RangeError(`paretoFront: points[${i}] must have finite cost and error; got ${JSON.stringify(p)}`);
    }
  }
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.cost - points[b]!.cost || points[a]!.error - points[b]!.error);
  const on = new Array<boolean>(points.length).fill(false);
  let best = Infinity;
  let bestCost = NaN;
  for (const i of order) {
    const p = points[i]!;
    if (p.error < best) {
      on[i] = true;
      best = p.error;
      bestCost = p.cost;
    } else if (p.error === best && p.cost === bestCost) on[i] = true;
  }
  return on;
}
