import { randomBytes } from 'node:crypto';
import type { ChatRequest } from './chat-request.js';
import { sampleFromSchema } from './schema-sample.js';

export interface PlannedToolCall {
  id: string;
  name: string;
  /** The JSON text of the arguments, as OpenAI sends it. */
  arguments: string;
}

/** `call_` and 24 letters or digits, the shape of OpenAI's ids. */
export function toolCallId(): string {
  return `call_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;
}

/**
 * The tool calls that answer `request`, or null to answer with text.
 * A named tool_choice or 'required' always calls, like a real model. The
 * simulator's own switch (`[sim tool]`, `x-sim-tool-call: 1`) does not fire
 * when the last message is a tool result, so an agent loop ends with text.
 */
export function planToolCalls(request: ChatRequest, toolCallRequested: boolean): PlannedToolCall[] | null {
  const { tools, toolChoice, messages } = request;
  if (tools.length === 0 || toolChoice === 'none') return null;
  const forced = toolChoice === 'required' || typeof toolChoice === 'object';
  const answeringToolResult = messages.at(-1)?.role === 'tool';
  if (!forced && !(toolCallRequested && !answeringToolResult)) return null;

  const targets =
    typeof toolChoice === 'object'
      ? tools.filter((t) => t.name === toolChoice.name).slice(0, 1)
      : request.parallelToolCalls && tools.length >= 2
        ? tools.slice(0, 2)
        : tools.slice(0, 1);
  return targets.map((tool) => ({
    id: toolCallId(),
    name: tool.name,
    arguments: JSON.stringify(sampleFromSchema(tool.parameters, tool.name)),
  }));
}

/**
 * Splits arguments the way a model streams them, alternating runs of word
 * characters and of punctuation (`{"`, `city`, `":"`, `oslo`, `"}`).
 */
export function argumentPieces(args: string): string[] {
  return args.match(/[\p{L}\p{N}_.-]+|[^\p{L}\p{N}_.-]+/gu) ?? [];
}
