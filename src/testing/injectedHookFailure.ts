/**
 * Thrown by a controlled hook when the test makes it fail.
 *
 * @example
 * ```ts
 * declare const controlled: ControlledService;
 * controlled.open('initialize', 'fail'); // the service fails with InjectedHookFailure: "initialize of demo failed (injected by the model test)"
 * ```
 */
export class InjectedHookFailure extends Error {
  constructor(hook: string, service: string) {
    super(`${hook} of ${service} failed (injected by the model test)`);
    this.name = 'InjectedHookFailure';
  }
}
