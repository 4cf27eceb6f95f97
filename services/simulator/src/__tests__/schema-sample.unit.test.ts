import { sampleFromSchema } from '../schema-sample.js';

describe('sampleFromSchema', () => {
  const weather = {
    type: 'object',
    properties: {
      city: { type: 'string' },
      days: { type: 'integer', minimum: 1, maximum: 7 },
      temperature: { type: 'number' },
      metric: { type: 'boolean' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      when: { type: 'string', format: 'date' },
      tags: { type: 'array', items: { type: 'string' } },
      note: { type: ['string', 'null'] },
    },
    required: ['city', 'days'],
    additionalProperties: false,
  };

  it('fills every property with a value of its type', () => {
    const value = sampleFromSchema(weather, 'get_weather') as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(Object.keys(weather.properties).sort());
    expect(typeof value.city).toBe('string');
    expect(Number.isInteger(value.days)).toBe(true);
    expect(value.days).toBeGreaterThanOrEqual(1);
    expect(value.days).toBeLessThanOrEqual(7);
    expect(typeof value.temperature).toBe('number');
    expect(value.metric).toBe(true);
    expect(value.unit).toBe('celsius');
    expect(value.when).toBe('2024-01-15');
    expect(value.tags).toEqual([expect.any(String)]);
    expect(typeof value.note).toBe('string');
  });

  it('is deterministic and salted by the key', () => {
    expect(sampleFromSchema(weather, 'a')).toEqual(sampleFromSchema(weather, 'a'));
    const many = ['a', 'b', 'c', 'd', 'e'].map((key) => JSON.stringify(sampleFromSchema(weather, key)));
    expect(new Set(many).size).toBeGreaterThan(1);
  });

  it('follows local $refs, including recursive ones, and unions', () => {
    const tree = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
      type: 'object',
      properties: { root: { $ref: '#/$defs/node' }, size: { anyOf: [{ type: 'null' }, { type: 'integer' }] }, kind: { const: 'tree' } },
    };
    const value = sampleFromSchema(tree, 'f') as { root: { name: unknown; children: unknown[] }; size: unknown; kind: unknown };
    expect(typeof value.root.name).toBe('string');
    expect(Array.isArray(value.root.children)).toBe(true);
    expect(Number.isInteger(value.size)).toBe(true);
    expect(value.kind).toBe('tree');
  });

  it('gives {} for a function without parameters', () => {
    expect(sampleFromSchema(undefined, 'f')).toEqual({});
    expect(sampleFromSchema({ type: 'object', properties: {} }, 'f')).toEqual({});
  });
});
