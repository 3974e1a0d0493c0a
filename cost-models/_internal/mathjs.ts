import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';

let instance: MathJsInstance | undefined;

/**
 * mathjs, loaded on first use (synchronously) from the single-file bundle its package ships
 * (`mathjs/lib/browser/math.js`: the same version and code as its ESM build). Why: the ESM build is about 3,800
 * modules, which Node takes about 1.3 s of CPU to load at start-up; the bundle loads in about 0.07 s, and only
 * when an expression is parsed. Every lowbit module that needs mathjs at run time gets it from here.
 */
export function mathjs(): MathJsInstance {
  instance ??= createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance;
  return instance;
}
