/**
 * The parts of a chat request the simulator reads, typed loosely enough that
 * the `openai` SDK's own request types are assignable to them.
 */
export interface ChatMessageLike {
  role: string;
  content?: string | ReadonlyArray<{ type: string; text?: string }> | null;
}

export interface ChatRequestLike {
  messages: ReadonlyArray<ChatMessageLike>;
}

/** A message's text: the string content, or its text parts joined; images and the like count as nothing. */
export function messageText(message: ChatMessageLike): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

export function lastUserMessage(messages: ReadonlyArray<ChatMessageLike>): ChatMessageLike | undefined {
  return messages.findLast((m) => m.role === 'user');
}

/**
 * A rough token count of the prompt (about four characters a token). Real
 * tokenizers differ per model; what callers need is a stable, plausible number.
 */
export function estimatePromptTokens(messages: ReadonlyArray<ChatMessageLike>): number {
  const chars = messages.reduce((n, m) => n + messageText(m).length, 0);
  return Math.ceil(chars / 4);
}
