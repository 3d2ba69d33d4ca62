/**
 * A model-based test found the service off the model: the message names the edge (`FROM --what--> TO`), the
 * path that led there, and what the service did instead.
 *
 * @example
 * ```ts
 * declare const myService: AnyServiceDefinition;
 * try {
 *   await serviceLifecycleModel(myService).assert();
 * } catch (error) {
 *   if (error instanceof ModelTestError) console.error(error.edges); // ['STOPPING --shutdown succeeds--> STOPPED']
 * }
 * ```
 */
export class ModelTestError extends Error {
  constructor(
    message: string,
    /** The edges that failed, by name. */
    readonly edges: string[],
  ) {
    super(message);
    this.name = 'ModelTestError';
  }
}
