import type { JsonEditorKind, JsonProblem } from './types';
import { lineColumn, locatePointer, memberOf, parseJson, type JsonNode } from './json-locate';
import { checkSchema } from './schema-check';

/** A problem with the range of text it is about, for the editor's underline. */
export interface LocatedProblem extends JsonProblem {
  from: number;
  to: number;
}

/** What OpenAI accepts as a function name. */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

// A misspelt type is the schema check's to report; these are valid types that providers refuse here.
const NOT_OBJECT_TYPES: unknown[] = ['string', 'number', 'integer', 'boolean', 'array', 'null'];

interface Range {
  from: number;
  to: number;
}

const startOf = (node: JsonNode): Range => ({ from: node.from, to: node.from + 1 });

/**
 * Every problem in the text for what it must be (see JsonEditorKind), in text order.
 * Blank text has none: it means the field is left out.
 */
export function findJsonProblems(text: string, kind: JsonEditorKind): LocatedProblem[] {
  if (text.trim() === '') return [];
  const problems: LocatedProblem[] = [];
  const add = ({ from, to }: Range, message: string) => problems.push({ ...lineColumn(text, from), message, from, to });

  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { offset, message } = parsed.error;
    add({ from: offset, to: Math.min(offset + 1, text.length) }, message);
    return problems;
  }

  const schemaProblems = (node: JsonNode, prefix: string) => {
    for (const issue of checkSchema(node)) add(locatePointer(node, issue.pointer), prefix + issue.message);
  };

  if (kind === 'json-schema') {
    if (parsed.root.members) schemaProblems(parsed.root, '');
    else add(startOf(parsed.root), 'The response format’s schema must be a JSON object, such as { "type": "object", "properties": { … } }');
  } else if (kind === 'tools') {
    toolProblems(parsed.root, add, schemaProblems);
  }
  return problems.sort((a, b) => a.from - b.from);
}

function toolProblems(root: JsonNode, add: (range: Range, message: string) => void, schemaProblems: (node: JsonNode, prefix: string) => void) {
  if (!root.items) {
    add(startOf(root), 'Tools must be a JSON array of function definitions, such as [{ "name": "get_weather", "parameters": { … } }]');
    return;
  }
  const firstWithName = new Map<string, number>();

  root.items.forEach((item, index) => {
    let label = `Tool ${index + 1}`;
    if (!item.members) {
      add(startOf(item), `${label} must be an object with a "name"`);
      return;
    }

    // The OpenAI wire form wraps the definition: { "type": "function", "function": { … } }.
    let definition = item;
    const type = memberOf(item, 'type');
    const wrapped = memberOf(item, 'function');
    if (type || wrapped) {
      if (type && type.node.value !== 'function') add(type.node, `${label}: "type" must be "function"`);
      if (!wrapped) {
        add(startOf(item), `${label}: the "function" object with its "name" is missing`);
        return;
      }
      if (!wrapped.node.members) {
        add(startOf(wrapped.node), `${label}: "function" must be an object with a "name"`);
        return;
      }
      definition = wrapped.node;
    }

    const name = memberOf(definition, 'name');
    if (!name) {
      add(startOf(definition), `${label} has no "name"`);
    } else if (typeof name.node.value !== 'string') {
      add(name.node, `${label}: "name" must be a string`);
    } else if (!TOOL_NAME.test(name.node.value)) {
      add(name.node, `Tool name ${JSON.stringify(name.node.value)} is not allowed: use 1 to 64 letters, digits, "_" or "-"`);
    } else {
      const first = firstWithName.get(name.node.value);
      if (first !== undefined) add(name.node, `Tool name ${JSON.stringify(name.node.value)} is used twice (tools ${first} and ${index + 1})`);
      else firstWithName.set(name.node.value, index + 1);
      label = `Tool "${name.node.value}"`;
    }

    const description = memberOf(definition, 'description');
    if (description && typeof description.node.value !== 'string') add(description.node, `${label}: "description" must be a string`);
    const strict = memberOf(definition, 'strict');
    if (strict && typeof strict.node.value !== 'boolean') add(strict.node, `${label}: "strict" must be true or false`);

    const parameters = memberOf(definition, 'parameters');
    if (!parameters) return;
    if (!parameters.node.members) {
      add(startOf(parameters.node), `${label}: "parameters" must be a JSON Schema object, such as { "type": "object", "properties": { … } }`);
      return;
    }
    const schemaType = memberOf(parameters.node, 'type');
    if (schemaType && NOT_OBJECT_TYPES.includes(schemaType.node.value)) {
      add({ from: schemaType.keyFrom, to: schemaType.keyTo }, `${label}: "parameters" must describe an object ("type": "object")`);
    }
    schemaProblems(parameters.node, `${label}, parameters: `);
  });
}
