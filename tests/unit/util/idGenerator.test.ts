import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

describe('createIdGenerator', () => {
  it('numbers seeded event ids after a prefix drawn from the seed, the same for every run', () => {
    const first = createIdGenerator(7);
    const second = createIdGenerator(7);
    const ids = [first.eventId(), first.eventId(), first.eventId()];
    expect(ids[0]).toMatch(/^e-[0-9a-f]{8}-1$/);
    const prefix = ids[0]!.slice(0, -1);
    expect(ids).toEqual([`${prefix}1`, `${prefix}2`, `${prefix}3`]);
    expect([second.eventId(), second.eventId(), second.eventId()]).toEqual(ids);
    expect(createIdGenerator(8).eventId()).not.toBe(ids[0]);
  });

  it('writes the counter in plain decimal across every thousand, up to the millions', () => {
    const ids = createIdGenerator(7);
    const prefix = ids.eventId().slice(0, -1);
    for (let counter = 2; counter <= 1_002_001; counter += 1) {
      const id = ids.eventId();
      if (id !== `${prefix}${counter}`) expect(id).toBe(`${prefix}${counter}`);
    }
  });

  it('draws seeded correlation ids of eight hex digits after the prefix, the same for every run', () => {
    const first = createIdGenerator(7);
    const second = createIdGenerator(7);
    const correlations = [first.correlationId(), first.eventId(), first.correlationId()];
    expect(correlations[0]).toMatch(/^[0-9a-f]{8}$/);
    expect(correlations[0]).not.toBe(correlations[2]);
    expect([second.correlationId(), second.eventId(), second.correlationId()]).toEqual(correlations);
  });

  it('gives unseeded ids from random UUIDs', () => {
    const ids = createIdGenerator();
    expect(ids.eventId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(ids.correlationId()).toMatch(/^[0-9a-f]{8}$/);
    expect(ids.eventId()).not.toBe(ids.eventId());
  });
});
