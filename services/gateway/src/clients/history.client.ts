import {
  batchResultPageSchema,
  batchResultSummarySchema,
  type BatchResultPage,
  type BatchResultsBody,
  type BatchResultSummary,
  apiKeyInfoSchema,
  createdApiKeySchema,
  logRequestsResponseSchema,
  requestBodiesAnswerSchema,
  requestPageSchema,
  requestRecordSchema,
  requestSummarySchema,
  requestStatsSchema,
  verifiedKeySchema,
  type ApiKeyInfo,
  type CreatedApiKey,
  type LogRequestItem,
  type LogRequestsBody,
  type RequestFilter,
  type RequestBodies,
  type RequestPage,
  type RequestRecord,
  type RequestSummary,
  type RequestStats,
  type VerifiedKey,
} from '@reprise/contracts';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { callJson, openStream } from './http-json.js';

const deletedSchema = z.object({ deleted: z.number().int() });
const apiKeyListSchema = z.object({ apiKeys: z.array(apiKeyInfoSchema) });

/** The history service's HTTP API. Every call names the workspace it acts in. */
export class HistoryClient {
  constructor(private readonly baseUrl: string) {}

  private call<T extends z.ZodType>(path: string, schema: T, method: 'GET' | 'POST' | 'PUT' = 'GET', body?: unknown, fieldPrefix?: string) {
    return callJson({ service: 'history', url: `${this.baseUrl}${path}`, method, body, fieldPrefix }, schema);
  }

  async verifyKey(key: string): Promise<VerifiedKey | null> {
    return this.call('/auth/verify', verifiedKeySchema, 'POST', { key });
  }

  async request(workspaceId: string, id: string): Promise<RequestRecord | null> {
    return this.call(`/requests/${encodeURIComponent(id)}?${new URLSearchParams({ workspaceId })}`, requestRecordSchema);
  }

  async requests(workspaceId: string, filter: RequestFilter, first: number, after?: string): Promise<RequestPage> {
    return (await this.call('/requests/search', requestPageSchema, 'POST', { workspaceId, filter, first, after }))!;
  }

  /** The bodies of the workspace's requests among `ids` (at most 1,000); others' ids are left out. */
  async bodies(workspaceId: string, ids: string[]): Promise<RequestBodies[]> {
    return (await this.call('/requests/bodies', requestBodiesAnswerSchema, 'POST', { workspaceId, ids }))!.items;
  }

  async stats(workspaceId: string, filter: RequestFilter): Promise<RequestStats> {
    return (await this.call('/requests/stats', requestStatsSchema, 'POST', { workspaceId, filter }))!;
  }

  /**
   * Stores logged requests. A refusal names the GraphQL argument's fields:
   * history's `items.3.requestBody` is `inputs.3.requestBody` for
   * logRequests, and `input.requestBody` for logRequest's one item.
   */
  async log(workspaceId: string, items: LogRequestItem[], argument: 'inputs' | 'input'): Promise<string[]> {
    const body: LogRequestsBody = { workspaceId, items };
    const res = await callJson(
      { service: 'history', url: `${this.baseUrl}/requests`, method: 'POST', body, fieldPrefix: argument, stripPrefix: argument === 'input' ? 'items.0' : 'items' },
      logRequestsResponseSchema,
    );
    return res!.ids;
  }

  async setTags(workspaceId: string, id: string, tags: string[]): Promise<RequestSummary | null> {
    return this.call(`/requests/${encodeURIComponent(id)}/tags`, requestSummarySchema, 'PUT', { workspaceId, tags });
  }

  async setScore(workspaceId: string, id: string, score: number | null): Promise<RequestSummary | null> {
    return this.call(`/requests/${encodeURIComponent(id)}/score`, requestSummarySchema, 'PUT', { workspaceId, score });
  }

  async deleteRequests(workspaceId: string, ids: string[]): Promise<number> {
    return (await this.call('/requests/delete', deletedSchema, 'POST', { workspaceId, ids }))!.deleted;
  }

  /** The export as a byte stream, never held whole in memory. */
  async exportRequests(workspaceId: string, filter: RequestFilter, format: 'jsonl' | 'csv'): Promise<Readable> {
    return openStream({ service: 'history', url: `${this.baseUrl}/requests/export`, method: 'POST', body: { workspaceId, filter, format } });
  }

  async createApiKey(workspaceId: string, name: string): Promise<CreatedApiKey> {
    return (await this.call('/api-keys', createdApiKeySchema, 'POST', { workspaceId, name }))!;
  }

  async apiKeys(workspaceId: string): Promise<ApiKeyInfo[]> {
    return (await this.call(`/api-keys?${new URLSearchParams({ workspaceId })}`, apiKeyListSchema))!.apiKeys;
  }

  async revokeApiKey(workspaceId: string, id: string): Promise<ApiKeyInfo | null> {
    return this.call(`/api-keys/${encodeURIComponent(id)}/revoke`, apiKeyInfoSchema, 'POST', { workspaceId });
  }

  // A bulk replay's results: its records paired with their originals.

  async batchResults(workspaceId: string, batchId: string, filter: BatchResultsBody['filter'], first: number, after?: string): Promise<BatchResultPage> {
    const url = `${this.baseUrl}/batches/${encodeURIComponent(batchId)}/results`;
    const res = await callJson({ service: 'history', url, method: 'POST', body: { workspaceId, filter, first, ...(after ? { after } : {}) } }, batchResultPageSchema);
    return res ?? { items: [], hasNextPage: false };
  }

  async batchSummary(workspaceId: string, batchId: string): Promise<BatchResultSummary> {
    const url = `${this.baseUrl}/batches/${encodeURIComponent(batchId)}/summary`;
    const res = await callJson({ service: 'history', url, method: 'POST', body: { workspaceId } }, batchResultSummarySchema);
    if (!res) throw new Error('history has no batch summary route');
    return res;
  }

  async exportBatch(workspaceId: string, batchId: string, format: 'jsonl' | 'csv'): Promise<Readable> {
    return openStream({ service: 'history', url: `${this.baseUrl}/batches/${encodeURIComponent(batchId)}/export`, method: 'POST', body: { workspaceId, format } });
  }
}
