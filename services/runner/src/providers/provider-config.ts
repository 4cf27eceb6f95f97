import type { ModelPrice, ProviderKind } from '@reprise/contracts';
import type { ProviderLimits } from '../limits/provider-limiter.js';

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
  /** The provider's limits, enforced across all workers: their one home, for built-ins and workspaces' providers alike. @default none */
  limits?: ProviderLimits;
}

/** Limits as a ProviderConfig holds them: a limit that is unset (null, undefined or 0) is absent. */
export function providerLimits({ rpm, concurrency }: { rpm?: number | null | undefined; concurrency?: number | null | undefined }): ProviderLimits {
  return { ...(rpm ? { rpm } : {}), ...(concurrency ? { concurrency } : {}) };
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
