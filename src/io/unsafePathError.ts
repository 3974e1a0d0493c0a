/**
 * A path that would leave the folder it belongs to: a `..` or absolute path read from a file (a run name, a
 * weights-manifest entry, a run reference), or a symlink met where lowbit writes. It is the input's fault, so it
 * is a `RangeError`; the CLI reports it as a usage error (exit 2) when it is met while reading input.
 * @example try { resolveInside('runs/a/model', '../../x', 'weightsManifest path') } catch (e) { e instanceof UnsafePathError }
 */
export class UnsafePathError extends RangeError {
  override name = 'UnsafePathError';
  /** The offending path as given (not resolved). */
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}
