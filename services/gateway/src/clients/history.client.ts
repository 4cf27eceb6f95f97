import { requestPageSchema, requestRecordSchema, type RequestPage, type RequestRecord } from '@reprise/contracts';
import { callJson } from './http-json.js';

export class HistoryClient {
  constructor(private readonly baseUrl: string) {}

  async request(workspaceId: string, id: string): Promise<RequestRecord | null> {
    const url = `${this.baseUrl}/requests/${encodeURIComponent(id)}?${new URLSearchParams({ workspaceId })}`;
    return callJson({ service: 'history', url }, requestRecordSchema);
  }

  async requests(workspaceId: string, first: number, after?: string): Promise<RequestPage> {
    const query = new URLSearchParams({ workspaceId, first: String(first), ...(after ? { after } : {}) });
    const page = await callJson({ service: 'history', url: `${this.baseUrl}/requests?${query}` }, requestPageSchema);
    if (!page) throw new Error('history has no /requests route');
    return page;
  }
}
