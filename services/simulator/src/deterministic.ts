// Deterministic stand-ins for randomness: the simulator's output must be a
// pure function of the request, so tests can compute it in advance.

/** FNV-1a, 32 bits: cheap, stable across runs and platforms. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const WORDS = [
  'amber', 'anchor', 'aurora', 'basalt', 'beacon', 'birch', 'bright', 'canyon',
  'cedar', 'cinder', 'clover', 'comet', 'coral', 'crystal', 'delta', 'drift',
  'ember', 'falcon', 'fern', 'fjord', 'glacier', 'granite', 'harbor', 'hazel',
  'horizon', 'indigo', 'island', 'juniper', 'kestrel', 'lagoon', 'lantern', 'linen',
  'maple', 'meadow', 'meridian', 'mist', 'nectar', 'nimbus', 'oasis', 'orchid',
  'pebble', 'pine', 'prairie', 'quartz', 'quill', 'raven', 'ridge', 'river',
  'saffron', 'sable', 'sierra', 'spruce', 'summit', 'tidal', 'timber', 'tundra',
  'umber', 'valley', 'velvet', 'willow', 'winter', 'yarrow', 'zenith', 'zephyr',
] as const;

/** A word chosen by a key, e.g. for a string argument of a tool call. */
export function wordFor(key: string): string {
  return WORDS[hash32(key) % WORDS.length]!;
}
