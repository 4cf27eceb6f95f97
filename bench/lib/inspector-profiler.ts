import WebSocket from 'ws';

/** The V8 CPU profile the inspector returns (also the `.cpuprofile` file format). */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    hitCount?: number;
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Samples one Node process's CPU through its inspector (`--inspect=127.0.0.1:PORT`),
 * so a profile covers exactly the measured part of a benchmark rather than
 * the process's start.
 */
export class InspectorProfiler {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  /** Connects to the inspector listening on `port`. */
  static async connect(port: number): Promise<InspectorProfiler> {
    const res = await fetch(`http://127.0.0.1:${port}/json/list`);
    const [target] = (await res.json()) as Array<{ webSocketDebuggerUrl: string }>;
    if (!target) throw new Error(`no inspector target on port ${port}`);
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new InspectorProfiler(socket);
  }

  private send(method: string, params?: object): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** @param intervalUs sampling interval in microseconds */
  async start(intervalUs = 500): Promise<void> {
    await this.send('Profiler.enable');
    await this.send('Profiler.setSamplingInterval', { interval: intervalUs });
    await this.send('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = (await this.send('Profiler.stop')) as { profile: CpuProfile };
    return profile;
  }

  close(): void {
    this.socket.close();
  }
}
