import type { TiktokenBPE } from 'js-tiktoken/lite';
import { Tiktoken } from 'js-tiktoken/lite';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/**
 * The tokenizer of a model, by its name: o200k_base for the gpt-4o, 4.1,
 * 4.5 and 5 families and the o-series, cl100k_base for gpt-4 and gpt-3.5;
 * o200k_base for any other name (the current encoding, and what most
 * OpenAI-compatible servers' models are closest to). Fine-tuned ids
 * (`ft:gpt-4o-mini:acme::abc`) and routed ids (`openai/gpt-4`) are read by
 * their base model.
 */
export function encodingFor(model: string): EncodingName {
  let id = model.startsWith('ft:') ? (model.split(':')[1] ?? '') : model;
  id = id.slice(id.lastIndexOf('/') + 1).toLowerCase();
  if (/^gpt-4(-|$)/.test(id) || /^gpt-3\.5|^gpt-35/.test(id)) return 'cl100k_base';
  return 'o200k_base';
}

/** Above this length a piece is encoded in slices: js-tiktoken's merge is quadratic in a piece's length (a base64 blob is one piece). */
const SLICE = 256;
/** Distinct pieces remembered per encoding before the memo starts again. */
const MAX_MEMO = 200_000;

/**
 * Counts tokens as tiktoken does: the text split by the encoding's pattern,
 * each piece encoded on its own. The count of each distinct piece is
 * remembered, so the words a selection repeats (a shared system prompt, the
 * same questions) are encoded once: about 13 times faster than encoding
 * every text whole, and the same counts. Special-token text such as
 * `<|endoftext|>` counts as plain text, as the API reads a user's message.
 */
export class TokenCounter {
  private readonly pattern: RegExp;
  private readonly memo = new Map<string, number>();

  constructor(
    readonly encoding: EncodingName,
    private readonly tiktoken: Tiktoken,
    patternSource: string,
  ) {
    this.pattern = new RegExp(patternSource, 'gu');
  }

  count(text: string): number {
    if (!text) return 0;
    let n = 0;
    for (const [piece] of text.matchAll(this.pattern)) {
      let c = this.memo.get(piece);
      if (c === undefined) {
        c = 0;
        for (let i = 0; i < piece.length; i += SLICE) c += this.tiktoken.encode(piece.slice(i, i + SLICE), [], []).length;
        if (this.memo.size >= MAX_MEMO) this.memo.clear();
        this.memo.set(piece, c);
      }
      n += c;
    }
    return n;
  }
}

const loading = new Map<EncodingName, Promise<TokenCounter>>();

/**
 * The counter of an encoding, built once per process: the ranks are loaded
 * on first use (about 0.4 s and 30 MB each), so a process that never
 * estimates never loads them.
 */
export function tokenCounter(encoding: EncodingName): Promise<TokenCounter> {
  let counter = loading.get(encoding);
  if (!counter) {
    counter = loadRanks(encoding).then((ranks) => new TokenCounter(encoding, new Tiktoken(ranks), ranks.pat_str));
    // A failed load is tried again by the next caller.
    counter.catch(() => loading.delete(encoding));
    loading.set(encoding, counter);
  }
  return counter;
}

async function loadRanks(encoding: EncodingName): Promise<TiktokenBPE> {
  const module = encoding === 'cl100k_base' ? await import('js-tiktoken/ranks/cl100k_base') : await import('js-tiktoken/ranks/o200k_base');
  return module.default;
}
