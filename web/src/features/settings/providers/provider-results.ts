/** What testProvider answered (the API's ProviderTestResult). */
export interface TestResult {
  ok: boolean;
  call: string;
  model?: string | null;
  status?: number | null;
  message?: string | null;
  latencyMs: number;
}

/** The outcome of "Test connection" in a sentence: ok with its latency, or the provider's own words. */
export function describeTest(result: TestResult): string {
  const what = result.call === 'chat' ? `a one-token chat with ${result.model ?? 'the first model'}` : 'the model list';
  if (result.ok) return `Connected: ${what} answered in ${result.latencyMs.toLocaleString('en')} ms.`;
  const status = result.status != null ? `HTTP ${result.status}: ` : '';
  return `${status}${result.message ?? 'the provider did not answer'} (${what}, after ${result.latencyMs.toLocaleString('en')} ms)`;
}

/** Which model ids a refresh added and which it dropped, each in the order of the list they are in. */
export function modelChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const was = new Set(before);
  const now = new Set(after);
  return { added: after.filter((id) => !was.has(id)), removed: before.filter((id) => !now.has(id)) };
}

const models = (n: number) => (n === 1 ? '1 model' : `${n} models`);

/** The outcome of "Refresh models" in a sentence. */
export function describeRefresh(before: readonly string[], after: readonly string[]): string {
  const { added, removed } = modelChanges(before, after);
  if (added.length === 0 && removed.length === 0) return `No change: the provider lists the same ${models(after.length)}.`;
  const parts = [];
  if (added.length > 0) parts.push(`${models(added.length)} added: ${added.join(', ')}`);
  if (removed.length > 0) parts.push(`${models(removed.length)} no longer listed, removed: ${removed.join(', ')}`);
  return `${parts.join('; ')}.`;
}
