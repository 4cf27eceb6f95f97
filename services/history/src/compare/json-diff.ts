import { memberOf, parseJsonText, textOf, type FieldDifference, type JsonNode } from '@reprise/contracts';

/** JSON text parsed losslessly (numbers keep their digits), or null when it is not JSON. */
export interface ParsedJson {
  text: string;
  root: JsonNode;
}

export function parseJson(text: string): ParsedJson | null {
  try {
    return { text, root: parseJsonText(text) };
  } catch {
    return null;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `path.key`, or `path["odd key"]` for a key that is not an identifier (dots, spaces, empty). */
export function childPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

const INTEGER = /^-?\d+$/;

/**
 * Numbers compared by value, not by the double they would become: two
 * integers beyond 2^53 that differ in their last digit differ here, while
 * `1.0` and `1` are the same number.
 */
function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  if (INTEGER.test(a) && INTEGER.test(b)) return BigInt(a) === BigInt(b);
  return Number(a) === Number(b);
}

/**
 * Appends to `out` every field where the replay's value differs from the
 * original's, below `path`. Objects are compared key by key (their order
 * aside; of a key written twice, the last counts, as JSON.parse reads it);
 * arrays item by item, by position, extra items being added or removed.
 * Values are reported as their JSON text, as written.
 */
export function diffNodes(a: ParsedJson, an: JsonNode, b: ParsedJson, bn: JsonNode, path: string, out: FieldDifference[]): void {
  const changed = () => out.push({ path, kind: 'changed', original: textOf(a.text, an), replay: textOf(b.text, bn) });
  if (an.kind !== bn.kind) return void changed();
  switch (an.kind) {
    case 'number':
      if (!sameNumber(an.raw, (bn as typeof an).raw)) changed();
      return;
    case 'string':
    case 'literal':
      if (an.value !== (bn as typeof an).value) changed();
      return;
    case 'array': {
      const bi = (bn as typeof an).items;
      const common = Math.min(an.items.length, bi.length);
      for (let k = 0; k < common; k++) diffNodes(a, an.items[k]!, b, bi[k]!, `${path}[${k}]`, out);
      for (let k = common; k < an.items.length; k++) out.push({ path: `${path}[${k}]`, kind: 'removed', original: textOf(a.text, an.items[k]!) });
      for (let k = common; k < bi.length; k++) out.push({ path: `${path}[${k}]`, kind: 'added', replay: textOf(b.text, bi[k]!) });
      return;
    }
    case 'object': {
      const keysA = [...new Set(an.members.map((m) => m.key))];
      const keysB = [...new Set((bn as typeof an).members.map((m) => m.key))];
      const inB = new Set(keysB);
      for (const key of keysA) {
        const va = memberOf(an, key)!.value;
        if (inB.has(key)) diffNodes(a, va, b, memberOf(bn, key)!.value, childPath(path, key), out);
        else out.push({ path: childPath(path, key), kind: 'removed', original: textOf(a.text, va) });
      }
      const inA = new Set(keysA);
      for (const key of keysB) if (!inA.has(key)) out.push({ path: childPath(path, key), kind: 'added', replay: textOf(b.text, memberOf(bn, key)!.value) });
      return;
    }
  }
}

/**
 * The differences between two texts that should hold JSON: field by field
 * when both parse; when either does not, the two are compared as strings
 * and a change is reported at `path` itself, a non-JSON side written as a
 * JSON string.
 */
export function textDifferences(original: string, replay: string, path: string): FieldDifference[] {
  const a = parseJson(original);
  const b = parseJson(replay);
  if (a && b) {
    const out: FieldDifference[] = [];
    diffNodes(a, a.root, b, b.root, path, out);
    return out;
  }
  if (original === replay) return [];
  return [{ path, kind: 'changed', original: a ? textOf(a.text, a.root) : JSON.stringify(original), replay: b ? textOf(b.text, b.root) : JSON.stringify(replay) }];
}
