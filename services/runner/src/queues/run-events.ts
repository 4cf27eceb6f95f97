import { RUN_EVENT_FIELD, runStreamKey, runEventSchema, isTerminal, type RunEvent } from '@reprise/contracts';
import type { Redis } from 'ioredis';

/** Keeps a run's stream while the run is live, in case its worker dies without ending it. */
const LIVE_STREAM_TTL_SECONDS = 24 * 3600;

/** Appends a run's events to its Redis Stream, `run:{id}`, in order. */
export class RunEventWriter {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    runId: string,
    /** How long the stream is kept after the run ends. */
    private readonly endedTtlSeconds: number,
  ) {
    this.key = runStreamKey(runId);
  }

  async append(event: RunEvent): Promise<string> {
    const fields = [RUN_EVENT_FIELD, JSON.stringify(event)];
    if (event.type === 'started') {
      const [[err, id] = []] = (await this.redis
        .multi()
        .xadd(this.key, '*', ...fields)
        .expire(this.key, LIVE_STREAM_TTL_SECONDS)
        .exec()) ?? [];
      if (err) throw err;
      return id as string;
    }
    if (isTerminal(event)) {
      const [[err, id] = []] = (await this.redis
        .multi()
        .xadd(this.key, '*', ...fields)
        .expire(this.key, this.endedTtlSeconds)
        .exec()) ?? [];
      if (err) throw err;
      return id as string;
    }
    return (await this.redis.xadd(this.key, '*', ...fields)) as string;
  }

  /** The run's last event, if any: lets a retried job see that its run already ended. */
  async last(): Promise<RunEvent | null> {
    const entries = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
    const fields = entries[0]?.[1];
    if (!fields) return null;
    return runEventSchema.parse(JSON.parse(fields[1] ?? 'null'));
  }
}
