import { RUN_EVENT_FIELD, runEventSchema, isTerminal, type RunEvent, type TerminalRunEvent } from '@reprise/contracts';
import type { Redis } from 'ioredis';

/** Keeps a run's stream while the run is live, in case its worker dies without ending it. */
const LIVE_STREAM_TTL_SECONDS = 24 * 3600;

/**
 * Appends a run's events to its Redis Stream (`redisKeys(prefix).runStream`), in order.
 *
 * Writes are not awaited one by one: commands on one connection reach Redis
 * in the order they are sent, so the provider stream is never held up by a
 * Redis round trip. Text that arrives while a delta is being written is
 * joined into the next delta entry, so a fast provider costs fewer entries
 * (and fewer frames to every subscriber) without delaying the first token.
 * `flush()` waits for everything written so far and surfaces any error.
 */
export class RunEventWriter {
  private pending: Promise<unknown>[] = [];
  /** The first failed write; flush() rethrows it (a write is never left to reject unhandled). */
  private error: unknown = null;
  private deltaInFlight = false;
  private bufferedText = '';

  constructor(
    /**
     * A connection of its own, not BullMQ's, and auto-pipelined (see worker.ts).
     * Auto-pipelined commands leave at the end of the turn, in order, while a
     * MULTI leaves at once: so the two MULTIs here are the run's first write
     * (started) and one issued only after flush() (end).
     */
    private readonly redis: Redis,
    /** The run's stream key. */
    private readonly key: string,
    /** How long the stream is kept after the run ends. */
    private readonly endedTtlSeconds: number,
  ) {}

  /** One entry, not awaited: commands on the connection keep their order. */
  private append(event: RunEvent): Promise<unknown> {
    return this.redis.xadd(this.key, '*', RUN_EVENT_FIELD, JSON.stringify(event));
  }

  private track(write: Promise<unknown>): void {
    this.pending.push(
      write.catch((err: unknown) => {
        this.error ??= err;
      }),
    );
  }

  retrying(event: Extract<RunEvent, { type: 'retrying' }>): void {
    this.releaseText();
    this.track(this.append(event));
  }

  /** A turn's tool calls answered from the original conversation: after everything the turn streamed. */
  toolResults(event: Extract<RunEvent, { type: 'tool_results' }>): void {
    this.releaseText();
    this.track(this.append(event));
  }

  started(event: Extract<RunEvent, { type: 'started' }>): void {
    this.track(
      this.redis.multi().xadd(this.key, '*', RUN_EVENT_FIELD, JSON.stringify(event)).expire(this.key, LIVE_STREAM_TTL_SECONDS).exec(),
    );
  }

  delta(text: string): void {
    if (this.deltaInFlight) {
      this.bufferedText += text;
      return;
    }
    this.writeDelta(text);
  }

  /** A tool-call piece: written in order after any text held back, never joined. */
  toolCallDelta(event: Extract<RunEvent, { type: 'tool_call_delta' }>): void {
    this.releaseText();
    this.track(this.append(event));
  }

  /** Writes held-back text now (commands on the connection keep their order). */
  private releaseText(): void {
    if (!this.bufferedText) return;
    const text = this.bufferedText;
    this.bufferedText = '';
    this.track(this.append({ type: 'delta', text }));
  }

  private writeDelta(text: string): void {
    this.deltaInFlight = true;
    const write = this.append({ type: 'delta', text });
    this.track(
      write.finally(() => {
        this.deltaInFlight = false;
        if (this.bufferedText) {
          const next = this.bufferedText;
          this.bufferedText = '';
          this.writeDelta(next);
        }
      }),
    );
  }

  /** Waits for every event written so far, including text still buffered. */
  async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      await Promise.all(batch);
    }
    if (this.error) throw this.error;
  }

  /** Appends the run's one terminal event after everything before it, and starts the stream's expiry. */
  async end(event: TerminalRunEvent): Promise<void> {
    await this.flush();
    if (!isTerminal(event)) throw new Error('end() takes a terminal event');
    const results = await this.redis
      .multi()
      .xadd(this.key, '*', RUN_EVENT_FIELD, JSON.stringify(event))
      .expire(this.key, this.endedTtlSeconds)
      .exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  /** The run's last event, if any: lets a retried job see that its run already ended. */
  async last(): Promise<RunEvent | null> {
    const entries = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
    const fields = entries[0]?.[1];
    if (!fields) return null;
    return runEventSchema.parse(JSON.parse(fields[1] ?? 'null'));
  }
}
