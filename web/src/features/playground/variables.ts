import type { MessageDraft } from './session';

/**
 * `{{name}}` as the gateway fills it (packages/contracts template.ts): spaces
 * inside the braces allowed, a name starting with a letter or underscore.
 * Kept in step with that rule by hand: the web depends on no service package.
 */
const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_.-]*)\s*\}\}/g;

/** The texts the gateway fills: each message's content, or its text parts. */
function texts(message: MessageDraft): string[] {
  if (message.parts) return message.parts.flatMap((p) => (p.kind === 'text' ? [p.text] : []));
  return message.content === null ? [] : [message.content];
}

/** Every variable the messages use, once each, in the order they first appear. */
export function findVariables(messages: MessageDraft[]): string[] {
  const names = new Set<string>();
  for (const message of messages) {
    for (const text of texts(message)) for (const match of text.matchAll(VARIABLE)) names.add(match[1]!);
  }
  return [...names];
}
