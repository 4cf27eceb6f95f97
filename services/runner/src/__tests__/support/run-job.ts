import { randomUUID } from 'node:crypto';
import type { RunJob } from '@reprise/contracts';
import type { ModelProvider } from './model-provider.js';

export interface TestRun {
  job: RunJob;
  runId: string;
  /** In the message text: picks this run's requests out of the stand-in's. */
  tag: string;
  /** The chat requests the stand-in received for this run. */
  requests(): ReturnType<ModelProvider['chatRequests']>;
}

export interface TestRunOptions {
  provider?: string;
  runId?: string;
  /** The body as JSON text, built around the run's tag (which must appear in it); `request` is then ignored. */
  body?: (tag: string) => string;
  /** Other fields of the job (replayOf, reuseToolResults...). */
  job?: Partial<RunJob>;
}

/**
 * A run job as the runner API queues one, on the stand-in's model: by
 * default its body is `{"messages":[{"role":"user","content":"Hello <tag>"}]}`
 * with the fields of `request` after it, as JSON text.
 */
export function testRun(upstream: ModelProvider, request: Record<string, unknown> = {}, options: TestRunOptions = {}): TestRun {
  const runId = options.runId ?? randomUUID();
  const tag = `tag-${randomUUID()}`;
  const body = options.body?.(tag) ?? JSON.stringify({ messages: [{ role: 'user', content: `Hello ${tag}` }], ...request });
  const job: RunJob = {
    runId,
    workspaceId: 'ws-1',
    source: 'playground',
    provider: options.provider ?? 'stand-in',
    model: 'stand-in-model',
    body,
    queuedAt: new Date().toISOString(),
    ...options.job,
  };
  return { job, runId, tag, requests: () => upstream.chatRequests().filter((r) => r.body.includes(tag)) };
}
