import type { ProviderTestResult, RunError } from '@reprise/contracts';
import { classifyFailure } from './provider-errors.js';
import type { ResolvedProvider } from './provider-registry.js';

/** A test or a model listing answers within this, or reports a timeout. */
const PROBE_TIMEOUT_MS = 20_000;
/** Model ids taken from one listing at most: some gateways list thousands. */
const MAX_LISTED_MODELS = 5_000;

/**
 * The smallest real call: a one-token chat completion with the provider's
 * first model (for Azure, its first deployment), which checks the URL, the
 * key, the headers and, for Azure, the deployment and API version at once.
 * Without any model, the model list, which checks URL and key only.
 * The result carries the provider's own error text and status.
 */
export async function testProvider(provider: ResolvedProvider): Promise<ProviderTestResult> {
  const model = provider.models[0] ?? null;
  const call = model ? 'chat' : 'models';
  const t0 = performance.now();
  const latencyMs = () => Math.round(performance.now() - t0);
  try {
    if (model) {
      // OpenAI's reasoning models refuse max_tokens; some compatible servers only know it.
      const limit = provider.kind === 'openai-compatible' ? { max_tokens: 1 } : { max_completion_tokens: 1 };
      await provider.client.chat.completions.create(
        { model, messages: [{ role: 'user', content: 'Say OK.' }], ...limit },
        { timeout: PROBE_TIMEOUT_MS },
      );
    } else {
      await provider.client.models.list({ timeout: PROBE_TIMEOUT_MS });
    }
    return { ok: true, call, model, status: null, message: null, latencyMs: latencyMs() };
  } catch (err) {
    const { error } = classifyFailure(err);
    return { ok: false, call, model, status: error.status ?? null, message: error.message, latencyMs: latencyMs() };
  }
}

/**
 * OpenAI's own list holds every model of the account: embeddings, speech,
 * images, moderation. None of those answers a chat completion, so none
 * belongs in a chat model picker. Other servers list what they serve as is.
 */
const OPENAI_NON_CHAT = /embedding|moderation|whisper|tts|dall-e|gpt-image|sora|transcribe|realtime|audio|search|^babbage|^davinci/;

export type Discovery = { ok: true; ids: string[] } | { ok: false; error: RunError };

/** The model ids the provider lists at `GET {baseURL}/models`, every page of them. */
export async function discoverModels(provider: ResolvedProvider): Promise<Discovery> {
  try {
    const ids: string[] = [];
    for await (const model of provider.client.models.list({ timeout: PROBE_TIMEOUT_MS })) {
      if (provider.kind === 'openai' && OPENAI_NON_CHAT.test(model.id)) continue;
      ids.push(model.id);
      if (ids.length >= MAX_LISTED_MODELS) break;
    }
    return { ok: true, ids: [...new Set(ids)] };
  } catch (err) {
    return { ok: false, error: classifyFailure(err).error };
  }
}
