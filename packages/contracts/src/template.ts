import type { ChatRequest } from './chat.js';
import type { FieldIssue } from './errors.js';

const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_.-]*)\s*\}\}/g;

/**
 * Fills `{{name}}` in every message's text from `variables`. A name used but
 * not given is refused, naming it and where it is used; nothing is filled
 * half-way. Variables given but not used are fine (a shared set).
 */
export function fillTemplate(request: ChatRequest, variables: Record<string, string | number | boolean>): { request: ChatRequest; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const fill = (text: string, where: string) =>
    text.replace(VARIABLE, (match, name: string) => {
      if (Object.hasOwn(variables, name)) return String(variables[name]);
      issues.push({ field: `variables.${name}`, message: `"{{${name}}}" is used in ${where} but no value is given` });
      return match;
    });
  const messages = request.messages.map((m, i) => {
    if (typeof m.content === 'string') return { ...m, content: fill(m.content, `messages.${i}.content`) };
    if (Array.isArray(m.content)) {
      return { ...m, content: m.content.map((part, j) => (part.type === 'text' ? { ...part, text: fill(part.text, `messages.${i}.content.${j}.text`) } : part)) };
    }
    return m;
  });
  return { request: { ...request, messages }, issues };
}
