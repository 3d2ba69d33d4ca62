/** Thrown when a fetch still fails after every retry; it fails the service so the supervisor acts. */
export class DataFetchError extends Error {
  override readonly name = 'DataFetchError';
  constructor(
    readonly symbol: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(
      `fetching ${symbol} failed after ${attempts} attempts: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}
