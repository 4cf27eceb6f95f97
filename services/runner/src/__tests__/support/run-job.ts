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

/** A run job as the runner API queues one, on the stand-in's model, with a message of its own. */
export function testRun(upstream: ModelProvider, request: Partial<RunJob['request']> = {}, options: { provider?: string; runId?: string } = {}): TestRun {
  const runId = options.runId ?? randomUUID();
  const tag = `tag-${randomUUID()}`;
  const job: RunJob = {
    runId,
    workspaceId: 'ws-1',
    source: 'playground',
    provider: options.provider ?? 'stand-in',
    model: 'stand-in-model',
    request: { messages: [{ role: 'user', content: `Hello ${tag}` }], ...request },
    queuedAt: new Date().toISOString(),
  };
  return { job, runId, tag, requests: () => upstream.chatRequests().filter((r) => r.body.includes(tag)) };
}
