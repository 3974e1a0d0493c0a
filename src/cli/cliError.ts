/** An error caused by the user's input: the CLI prints its one-line message and exits with code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
