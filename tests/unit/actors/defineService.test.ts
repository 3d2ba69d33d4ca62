import { describe, expect, it } from 'vitest';
import { defineService } from '../../../src/actors/defineService.js';
import { ServiceDefinitionError } from '../../../src/actors/serviceDefinitionError.js';
import { exitCodes } from '../../../src/errors/exitCodes.js';
import { UserError } from '../../../src/errors/userError.js';

describe('defineService', () => {
  it('returns a definition with a snake_case name and an initialize hook as it is', () => {
    const definition = { name: 'price_feed_2', displayName: 'PriceFeed', initialize: () => ({ count: 0 }) };
    expect(defineService(definition)).toBe(definition);
  });

  it.each(['PriceFeed', 'price-feed', '2feed', ''])(
    'refuses the name %j as a user error naming it',
    (name) => {
      const attempt = () => defineService({ name, displayName: 'Feed', initialize: () => ({}) });
      expect(attempt).toThrow(
        new ServiceDefinitionError(`service name "${name}" must be snake_case (letters, digits, _)`),
      );
      try {
        attempt();
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).exitCode).toBe(exitCodes.userError);
      }
    },
  );

  it('refuses a definition without initialize()', () => {
    expect(() => defineService({ name: 'feed' } as unknown as Parameters<typeof defineService>[0])).toThrow(
      'service "feed" has no initialize()',
    );
  });
});
