import type { ModelPrice, ProviderKind } from '@reprise/contracts';

/** Everything needed to call one provider, secrets in plaintext: held in memory only. */
export interface ProviderConfig {
  /** Stable id used in runs and history, e.g. `simulator`, `openai`, or a workspace provider's id. */
  id: string;
  /** What users see. */
  label: string;
  /** @default 'openai-compatible' */
  kind?: ProviderKind;
  /** The API's base URL; for Azure, the resource endpoint. */
  baseURL: string;
  /** Empty for a provider that takes no key. */
  apiKey: string;
  /** Models offered in the model picker; runs may name any other id too. */
  models: string[];
  organization?: string;
  project?: string;
  /** Azure only. */
  apiVersion?: string;
  /** Sent on every call. */
  headers?: Record<string, string>;
  /** The provider's own prices by model id, over the list prices in contracts' pricing table. */
  prices?: Record<string, ModelPrice>;
  /** Per-provider limits, enforced across all workers. */
  limits?: { rpm?: number; concurrency?: number };
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
