import OpenAI, { AzureOpenAI } from 'openai';
import type { ProviderConfig } from './provider-config.js';
import { providerFetch } from './provider-fetch.js';

/**
 * The SDK client for a provider. Every option the SDK would otherwise read
 * from the process env (OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_ADMIN_KEY...)
 * is given explicitly: a workspace's provider must never be sent the
 * server's own settings or credentials.
 */
export function createProviderClient(config: ProviderConfig, timeoutMs: number): OpenAI {
  const common = {
    // The SDK refuses to start without a key; a keyless provider gets a
    // placeholder and its Authorization header removed (a null default header).
    apiKey: config.apiKey || 'no-key',
    adminAPIKey: null,
    webhookSecret: null,
    organization: config.organization ?? null,
    project: config.project ?? null,
    defaultHeaders: { ...(config.apiKey ? {} : { authorization: null }), ...config.headers },
    // Retries are ours (DESIGN.md, "Calling providers"): the SDK would
    // otherwise retry 429 and 5xx on its own, unseen and uncounted.
    maxRetries: 0,
    timeout: timeoutMs,
    fetch: providerFetch,
  };
  if (config.kind === 'azure-openai') {
    if (!config.apiVersion) throw new Error(`provider ${config.id}: Azure OpenAI needs an API version`);
    // baseURL rather than `endpoint`: given `endpoint`, AzureOpenAI also reads
    // OPENAI_BASE_URL from the env and refuses to have both. No `deployment`:
    // the run's model is the deployment name, put in the path per request.
    return new AzureOpenAI({ ...common, baseURL: `${config.baseURL.replace(/\/+$/, '')}/openai`, apiVersion: config.apiVersion });
  }
  return new OpenAI({ ...common, baseURL: config.baseURL });
}
