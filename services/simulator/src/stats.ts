/** Live counters of chat-completion requests, read by tests that check concurrency limits. */
export interface SimulatorStats {
  /** Requests received and not yet answered in full or abandoned by the client. */
  readonly inFlight: number;
  /** The most requests in flight at once since start or the last reset(). */
  readonly maxInFlight: number;
  /** Chat-completion requests received since start or the last reset(), failures included. */
  readonly requests: number;
  /** Zeroes `requests` and sets `maxInFlight` to what is in flight now (in-flight requests are still running). */
  reset(): void;
}

export class RequestStats implements SimulatorStats {
  inFlight = 0;
  maxInFlight = 0;
  requests = 0;

  // An arrow, so `const { reset } = sim.stats` still works.
  reset = (): void => {
    this.requests = 0;
    this.maxInFlight = this.inFlight;
  };

  /** Counts a request in; the returned function counts it out, once however often it is called. */
  begin(): () => void {
    this.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
    };
  }
}
