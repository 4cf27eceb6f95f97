import {
  batchEstimateSchema,
  batchListSchema,
  batchSchema,
  type Batch,
  type BatchEstimate,
  type BatchList,
  type BatchOptions,
  type ReplayOverrides,
  type ReplaySelection,
  deletedProviderSchema,
  modelListSchema,
  providerInfoSchema,
  providerListSchema,
  providerTestResultSchema,
  refreshModelsResponseSchema,
  type ModelInfo,
  type ProviderInfo,
  type ProviderInput,
  type ProviderModelInput,
  type ProviderPatch,
  type ProviderTestResult,
  type RefreshModelsResponse,
} from '@reprise/contracts';
import { z } from 'zod';
import { callJson } from './http-json.js';

export class RunnerClient {
  constructor(private readonly baseUrl: string) {}

  /** The model picker's list: the built-in providers' models, and the workspace's own providers' when given. */
  async models(workspaceId?: string): Promise<ModelInfo[]> {
    const query = workspaceId ? `?${new URLSearchParams({ workspaceId })}` : '';
    const res = await callJson({ service: 'runner', url: `${this.baseUrl}/models${query}` }, modelListSchema);
    return res?.models ?? [];
  }

  /** Asks the run's worker to stop it; null when the workspace has no such run. */
  async cancelRun(workspaceId: string, runId: string): Promise<{ provider: string; model: string } | null> {
    const res = await callJson(
      { service: 'runner', url: `${this.baseUrl}/runs/${encodeURIComponent(runId)}/cancel`, method: 'POST', body: { workspaceId } },
      z.object({ runId: z.string(), provider: z.string(), model: z.string() }),
    );
    return res && { provider: res.provider, model: res.model };
  }

  // Providers. Every call names the workspace; the runner answers 404 (null
  // here) for another workspace's provider, as for one that does not exist.

  private provider(path: string, workspaceId?: string): string {
    const query = workspaceId ? `?${new URLSearchParams({ workspaceId })}` : '';
    return `${this.baseUrl}/providers${path}${query}`;
  }

  async providers(workspaceId: string): Promise<ProviderInfo[]> {
    const res = await callJson({ service: 'runner', url: this.provider('', workspaceId) }, providerListSchema);
    return res?.providers ?? [];
  }

  async getProvider(workspaceId: string, id: string): Promise<ProviderInfo | null> {
    return callJson({ service: 'runner', url: this.provider(`/${encodeURIComponent(id)}`, workspaceId) }, providerInfoSchema);
  }

  async createProvider(workspaceId: string, input: ProviderInput): Promise<ProviderInfo> {
    const res = await callJson({ service: 'runner', url: this.provider(''), method: 'POST', body: { workspaceId, input } }, providerInfoSchema);
    if (!res) throw new Error('runner has no /providers route');
    return res;
  }

  async updateProvider(workspaceId: string, id: string, input: ProviderPatch): Promise<ProviderInfo | null> {
    return callJson({ service: 'runner', url: this.provider(`/${encodeURIComponent(id)}`), method: 'PUT', body: { workspaceId, input } }, providerInfoSchema);
  }

  async deleteProvider(workspaceId: string, id: string): Promise<boolean> {
    const res = await callJson({ service: 'runner', url: this.provider(`/${encodeURIComponent(id)}`, workspaceId), method: 'DELETE' }, deletedProviderSchema);
    return res !== null;
  }

  async addModel(workspaceId: string, providerId: string, input: ProviderModelInput): Promise<ProviderInfo | null> {
    const url = this.provider(`/${encodeURIComponent(providerId)}/models`);
    return callJson({ service: 'runner', url, method: 'POST', body: { workspaceId, input } }, providerInfoSchema);
  }

  async removeModel(workspaceId: string, providerId: string, modelId: string): Promise<ProviderInfo | null> {
    const url = `${this.provider(`/${encodeURIComponent(providerId)}/models`)}?${new URLSearchParams({ workspaceId, modelId })}`;
    return callJson({ service: 'runner', url, method: 'DELETE' }, providerInfoSchema);
  }

  async refreshModels(workspaceId: string, providerId: string): Promise<RefreshModelsResponse | null> {
    const url = this.provider(`/${encodeURIComponent(providerId)}/refresh-models`);
    return callJson({ service: 'runner', url, method: 'POST', body: { workspaceId } }, refreshModelsResponseSchema);
  }

  async testProvider(workspaceId: string, id: string): Promise<ProviderTestResult | null> {
    const url = this.provider(`/${encodeURIComponent(id)}/test`);
    return callJson({ service: 'runner', url, method: 'POST', body: { workspaceId } }, providerTestResultSchema);
  }

  // Bulk replays. Another workspace's batch answers 404 (null here), as a missing one.

  async estimateBatch(workspaceId: string, selection: ReplaySelection, overrides: ReplayOverrides): Promise<BatchEstimate> {
    const res = await callJson({ service: 'runner', url: `${this.baseUrl}/batches/estimate`, method: 'POST', body: { workspaceId, selection, overrides } }, batchEstimateSchema);
    if (!res) throw new Error('runner has no /batches/estimate route');
    return res;
  }

  async createBatch(workspaceId: string, selection: ReplaySelection, overrides: ReplayOverrides, options: Partial<BatchOptions>): Promise<Batch> {
    const res = await callJson({ service: 'runner', url: `${this.baseUrl}/batches`, method: 'POST', body: { workspaceId, selection, overrides, options } }, batchSchema);
    if (!res) throw new Error('runner has no /batches route');
    return res;
  }

  async batches(workspaceId: string, first: number, after?: string): Promise<BatchList> {
    const query = new URLSearchParams({ workspaceId, first: String(first), ...(after ? { after } : {}) });
    const res = await callJson({ service: 'runner', url: `${this.baseUrl}/batches?${query}` }, batchListSchema);
    return res ?? { items: [], hasNextPage: false, endCursor: null };
  }

  async batch(workspaceId: string, id: string): Promise<Batch | null> {
    return callJson({ service: 'runner', url: `${this.baseUrl}/batches/${encodeURIComponent(id)}?${new URLSearchParams({ workspaceId })}` }, batchSchema);
  }

  async batchAction(workspaceId: string, id: string, action: 'pause' | 'resume' | 'cancel' | 'retry-failed'): Promise<Batch | null> {
    return callJson({ service: 'runner', url: `${this.baseUrl}/batches/${encodeURIComponent(id)}/${action}`, method: 'POST', body: { workspaceId } }, batchSchema);
  }
}
