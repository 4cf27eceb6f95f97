import { randomUUID } from 'node:crypto';
import type { LogRequestItem, RecordJob } from '@reprise/contracts';

/** A chat request body as JSON text, one user message. */
export function chatRequest(prompt: string, model = 'gpt-4o-mini', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model, messages: [{ role: 'user', content: prompt }], ...extra });
}

/** A chat completion as JSON text. */
export function chatCompletion(answer: string, usage?: { prompt_tokens: number; completion_tokens: number; total_tokens?: number }): string {
  return JSON.stringify({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }], ...(usage ? { usage } : {}) });
}

/** A logged request with defaults: a completed call to gpt-4o-mini at a fixed time, no usage (so no cost). */
export function logItem(overrides: Partial<LogRequestItem> & { prompt?: string; answer?: string } = {}): LogRequestItem {
  const { prompt = 'hello', answer = 'hi there', ...item } = overrides;
  return {
    provider: 'openai',
    requestBody: chatRequest(prompt, item.model ?? 'gpt-4o-mini'),
    responseBody: chatCompletion(answer),
    startedAt: '2025-03-01T12:00:00.000Z',
    ...item,
  };
}

/** A finished run as the worker hands it over, with defaults. */
export function recordJob(overrides: Partial<RecordJob> = {}): RecordJob {
  return {
    runId: randomUUID(),
    workspaceId: 'ws-record',
    source: 'playground',
    provider: 'openai',
    model: 'gpt-4o-mini',
    requestBody: chatRequest('what is the weather'),
    responseBody: chatCompletion('sunny'),
    output: 'sunny',
    toolNames: [],
    promptText: 'what is the weather',
    status: 'completed',
    error: null,
    usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    cost: 0.000123,
    latencyMs: 420,
    ttftMs: 80,
    startedAt: '2025-03-01T12:00:00.000Z',
    endedAt: '2025-03-01T12:00:00.420Z',
    ...overrides,
  };
}
