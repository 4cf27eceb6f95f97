import type { Model } from '../playground/useModels';

/** A model's identity in the select; JSON so that no provider or model name can collide. */
export const modelKey = (m: Pick<Model, 'provider' | 'name'>) => JSON.stringify([m.provider, m.name]);

/** The models by provider, in the order the gateway lists them, keeping those whose provider or name holds `query`. */
export function groupModels(models: readonly Model[], query: string): { provider: string; label: string; models: Model[] }[] {
  const q = query.trim().toLowerCase();
  const groups = new Map<string, { provider: string; label: string; models: Model[] }>();
  for (const m of models) {
    if (q && !m.name.toLowerCase().includes(q) && !m.providerLabel.toLowerCase().includes(q)) continue;
    const group = groups.get(m.provider) ?? { provider: m.provider, label: m.providerLabel, models: [] };
    group.models.push(m);
    groups.set(m.provider, group);
  }
  return [...groups.values()];
}
