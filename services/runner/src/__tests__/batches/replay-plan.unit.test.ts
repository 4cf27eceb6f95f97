import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { replayJobId, replayRunId, uuidV5 } from '../../batches/replay-ids.js';
import { toNano } from '../../batches/replay-plan.js';
import { outputTokensOf, overriddenBody } from '../../batches/request-tokens.js';
import { encodingFor, tokenCounter } from '../../batches/token-count.js';

describe('run ids', () => {
  it('are RFC 9562 version 5 UUIDs', () => {
    // The RFC's own example: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex'))).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('are the same for the same batch and request, and differ by retry round', () => {
    expect(replayRunId('b1', 'r1')).toBe(replayRunId('b1', 'r1'));
    expect(replayRunId('b1', 'r1')).not.toBe(replayRunId('b1', 'r2'));
    expect(replayRunId('b1', 'r1')).not.toBe(replayRunId('b2', 'r1'));
    expect(replayRunId('b1', 'r1', 1)).not.toBe(replayRunId('b1', 'r1'));
    expect(replayJobId('b1', 'r1')).toBe(replayRunId('b1', 'r1'));
    expect(replayJobId('b1', 'r1', 2)).toBe(`${replayRunId('b1', 'r1')}-retry-2`);
  });
});

describe('encodings', () => {
  it.each([
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-mini-2024-07-18', 'o200k_base'],
    ['gpt-4.1-nano', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['ft:gpt-3.5-turbo:acme::abc', 'cl100k_base'],
    ['openai/gpt-4', 'cl100k_base'],
    ['llama-3-70b', 'o200k_base'],
  ])('%s is read with %s', (model, encoding) => {
    expect(encodingFor(model)).toBe(encoding);
  });

  it('counts what tiktoken counts, text split piece by piece and remembered', async () => {
    const counter = await tokenCounter('o200k_base');
    const whole = new Tiktoken(o200k);
    const texts = [
      'Hello, world! How are you today?',
      'naïve café — 東京 🚀 1234567 tokens\n\n  indented\tcode();',
      'The <|endoftext|> marker is plain text here.',
      `${'x'.repeat(3000)} and a long base64 blob`,
    ];
    for (const text of texts) {
      const expected = whole.encode(text, [], []).length;
      // The long piece is encoded in slices: the same count but for a token or two at a slice's edge.
      expect(Math.abs(counter.count(text) - expected)).toBeLessThanOrEqual(text.length > 1000 ? 12 : 0);
      expect(counter.count(text)).toBe(counter.count(text));
    }
  });
});

describe('output tokens', () => {
  it('assumes the original\'s, else max tokens for each choice, else 256; reserves the max when set', () => {
    expect(outputTokensOf({}, 40)).toEqual({ assumed: 40, ceiling: 40 });
    expect(outputTokensOf({ max_tokens: 100 }, 40)).toEqual({ assumed: 40, ceiling: 100 });
    expect(outputTokensOf({ max_completion_tokens: 50, max_tokens: 100, n: 3 }, null)).toEqual({ assumed: 150, ceiling: 150 });
    expect(outputTokensOf({}, null)).toEqual({ assumed: 256, ceiling: 256 });
  });

  it('reads the body with the overrides: a field set, one removed, `__proto__` a field', () => {
    // Parsed, as the overrides arrive: a literal's `__proto__` would set the prototype instead.
    const fields = JSON.parse('{"temperature":null,"max_tokens":"7","__proto__":"{\\"b\\":2}"}') as Record<string, string | null>;
    const body = overriddenBody('{"model":"m","messages":[],"temperature":1,"__proto__":{"a":1}}', fields);
    expect(body.temperature).toBeUndefined();
    expect(body.max_tokens).toBe(7);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toEqual({ b: 2 });
  });

  it('rounds money up to whole nano-dollars', () => {
    expect(toNano(0.000024)).toBe(24_000);
    expect(toNano(1e-10)).toBe(1);
    expect(toNano(0)).toBe(0);
  });
});
