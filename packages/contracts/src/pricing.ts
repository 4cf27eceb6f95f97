/** Price of a model in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * List prices of common OpenAI models (USD per 1M tokens). Dated snapshots
 * (`gpt-4o-2024-08-06`) and fine-tuned ids (`ft:gpt-4o-mini:acme::abc`) are
 * priced by their base model, the longest id below that they start with.
 * Providers extend or override this table with their own prices.
 */
export const OPENAI_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60 },
  'o1-mini': { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'sim-fast': { input: 0, output: 0 },
  'sim-large': { input: 0, output: 0 },
};

/** The price for a model id, by exact id or the longest known base id it extends. */
export function priceFor(model: string, extra: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | null {
  const table = { ...OPENAI_PRICES, ...extra };
  const id = model.startsWith('ft:') ? (model.split(':')[1] ?? '') : model;
  if (table[id]) return table[id];
  let best: string | null = null;
  for (const known of Object.keys(table)) {
    if (id.startsWith(`${known}-`) && (!best || known.length > best.length)) best = known;
  }
  return best ? table[best]! : null;
}

/** Cost in USD of a call, or null when the model's price is unknown. */
export function costOf(model: string, promptTokens: number, completionTokens: number, extra?: Readonly<Record<string, ModelPrice>>): number | null {
  const price = priceFor(model, extra);
  if (!price) return null;
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
