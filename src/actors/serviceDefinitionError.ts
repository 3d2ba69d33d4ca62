import { UserError } from '../errors/userError.js';

/** A service definition that cannot work (bad name, missing hook): a mistake in the user's service module. */
export class ServiceDefinitionError extends UserError {
  override readonly name = 'ServiceDefinitionError';
}
