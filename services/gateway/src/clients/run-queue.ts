import {
  interactiveRunJob,
  interactiveRunJobOptions,
  QueueName,
  RUN_OWNER_TTL_SECONDS,
  type QueuePayloads,
  type RedisKeys,
  type RunJob,
  type RunRequest,
  type StartRunResponse,
} from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { badUserInput } from '../errors.js';
import type { RunnerClient } from './runner.client.js';

export interface RunQueueOptions {
  redisUrl: string;
  redisPrefix: string;
  keys: RedisKeys;
  /** Answers which providers exist; asked once per provider a minute, not once per run. */
  runner: RunnerClient;
  logger: Logger;
  /** How long a provider's existence is remembered without an announcement. @default 60 s, as the runner's own cache */
  cacheMs?: number;
}

/** A run to queue: what the caller asked, and the provider it named (the default provider when none). */
export type RunToQueue = RunRequest & { provider?: string };

/**
 * Queues interactive runs on `runs` from the gateway itself, the job shaped
 * by contracts exactly as the runner API shapes it, so a run costs no HTTP
 * hop to the runner (issue 11: the mutation's round trip and CPU).
 *
 * What the hop did besides queueing is done here: a run may only name a
 * provider its workspace has (or a built-in). That answer is the runner's,
 * asked once and remembered per provider; the runner announces every change
 * to a provider on `keys.providerChanged`, which drops it here at once. A
 * provider deleted between the check and the run fails the run at the worker
 * with the provider's own "unknown provider" error, as it did before.
 */
export class RunQueue {
  private readonly redis: Redis;
  /**
   * The run owners' writes, on a connection of their own: BullMQ defines its
   * 64 scripts on the queue's connection, and ioredis copies every one onto
   * each MULTI made there (29–38 µs a MULTI, against 2–11 on a plain one).
   */
  private readonly ownersRedis: Redis;
  private readonly subscriber: Redis;
  private readonly queue: Queue<QueuePayloads[typeof QueueName.Runs]>;
  /** [workspace, provider] → true: providers known to exist. An unknown one is not remembered (asked again, refused again). */
  private readonly known: LRUCache<string, true>;
  private defaultProvider: Promise<string> | null = null;

  constructor(private readonly options: RunQueueOptions) {
    // A producer fails fast rather than hanging a mutation while Redis is away.
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
    this.ownersRedis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(QueueName.Runs, { connection: this.redis, prefix: options.redisPrefix });
    this.known = new LRUCache({
      max: 10_000,
      ttl: options.cacheMs ?? 60_000,
      ignoreFetchAbort: true,
      // Keyed by workspace and provider: a workspace's answer is never served to another.
      fetchMethod: async (key) => {
        const [workspaceId, providerId] = JSON.parse(key) as [string, string];
        return (await options.runner.getProvider(workspaceId, providerId)) ? true : undefined;
      },
    });
    this.subscriber.on('message', (_channel: string, providerId: string) => this.forget(providerId));
    this.subscriber.on('error', (err) => options.logger.warn({ err }, 'provider change subscription error'));
    void this.subscriber.subscribe(options.keys.providerChanged).catch((err: unknown) => options.logger.warn({ err }, 'could not subscribe to provider changes'));
  }

  /** Drops what is remembered of a provider, in every workspace (the gateway's own provider mutations call this too). */
  forget(providerId: string): void {
    for (const key of this.known.keys()) if ((JSON.parse(key) as string[])[1] === providerId) this.known.delete(key);
  }

  private async defaultProviderId(): Promise<string> {
    this.defaultProvider ??= this.options.runner.models().then((models) => {
      const found = models.find((m) => m.isDefault)?.provider;
      if (!found) throw new Error('the runner names no default provider');
      return found;
    });
    // A failed lookup is asked again by the next run, not remembered.
    return this.defaultProvider.catch((err: unknown) => {
      this.defaultProvider = null;
      throw err;
    });
  }

  /** The provider id a run will use; refuses, naming `field`, one the workspace does not have. */
  private async providerFor(workspaceId: string, requested: string | undefined, field: string): Promise<string> {
    const provider = requested ?? (await this.defaultProviderId());
    if (!(await this.known.fetch(JSON.stringify([workspaceId, provider])))) throw badUserInput([{ field, message: `unknown provider "${provider}"` }]);
    return provider;
  }

  private async add(jobs: RunJob[]): Promise<void> {
    // Owners and jobs at once (each in one round trip): a subscriber may arrive before the first event, and comes only once both are written.
    const owners = this.ownersRedis.multi();
    for (const job of jobs) owners.set(this.options.keys.runOwner(job.runId), job.workspaceId, 'EX', RUN_OWNER_TTL_SECONDS);
    const queued = jobs.length === 1 ? this.queue.add('run', jobs[0]!, interactiveRunJobOptions(jobs[0]!.runId)) : this.queue.addBulk(jobs.map((job) => ({ name: 'run', data: job, opts: interactiveRunJobOptions(job.runId) })));
    await Promise.all([owners.exec(), queued]);
  }

  /** Queues one run. `fieldPrefix` places a refusal in the operation: `input.provider`, `overrides.provider`. */
  async startRun(workspaceId: string, run: RunToQueue, fieldPrefix = 'input'): Promise<StartRunResponse> {
    const job = interactiveRunJob(workspaceId, await this.providerFor(workspaceId, run.provider, `${fieldPrefix}.provider`), run);
    await this.add([job]);
    return { runId: job.runId, provider: job.provider, model: job.model };
  }

  /** Queues 2 to 6 runs together, or none: every variant is checked before any is queued. */
  async startRunGroup(workspaceId: string, runs: RunToQueue[]): Promise<{ groupId: string; runs: StartRunResponse[] }> {
    const jobs: RunJob[] = [];
    for (const [i, run] of runs.entries()) {
      jobs.push(interactiveRunJob(workspaceId, await this.providerFor(workspaceId, run.provider, `variants.${i}.provider`), run));
    }
    await this.add(jobs);
    return { groupId: crypto.randomUUID(), runs: jobs.map((j) => ({ runId: j.runId, provider: j.provider, model: j.model })) };
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    await this.queue.close();
    this.redis.disconnect();
    this.ownersRedis.disconnect();
  }
}
