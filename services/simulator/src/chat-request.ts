import type { ChatMessageLike } from './messages.js';
import { invalidRequest } from './openai-errors.js';

/** A function tool as the request declares it; `parameters` is a JSON Schema. */
export interface FunctionTool {
  name: string;
  parameters: unknown;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

/** The fields of a chat-completions body that change what the simulator answers. */
export interface ChatRequest {
  model: string;
  messages: ChatMessageLike[];
  stream: boolean;
  includeUsage: boolean;
  /** `max_completion_tokens`, else `max_tokens`; null when neither is a positive integer. */
  maxTokens: number | null;
  tools: FunctionTool[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  /** `response_format`: JSON output is answered with JSON (a sample of the schema, when one is given). */
  responseFormat: { type: 'json_object' } | { type: 'json_schema'; name: string; schema: unknown } | null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typeName = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

const positiveInt = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;

function readMessages(value: unknown): ChatMessageLike[] {
  if (value === undefined) throw invalidRequest("Missing required parameter: 'messages'.", 'messages');
  if (!Array.isArray(value)) {
    throw invalidRequest(`Invalid type for 'messages': expected an array, but got ${typeName(value)} instead.`, 'messages');
  }
  if (value.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
    );
  }
  value.forEach((message: unknown, i) => {
    if (!isObject(message) || typeof message.role !== 'string') {
      throw invalidRequest(`Missing required parameter: 'messages[${i}].role'.`, `messages[${i}].role`);
    }
  });
  return value as ChatMessageLike[];
}

function readModel(value: unknown, deployment: string | undefined): string {
  // Azure picks the model by the deployment in the path and ignores any body model.
  if (deployment !== undefined) return deployment;
  if (value === undefined) throw invalidRequest("Missing required parameter: 'model'.", 'model');
  if (typeof value !== 'string') {
    throw invalidRequest(`Invalid type for 'model': expected a string, but got ${typeName(value)} instead.`, 'model');
  }
  if (value === '') throw invalidRequest("Invalid 'model': empty string. Expected a non-empty string.", 'model');
  return value;
}

function readTools(value: unknown): FunctionTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw invalidRequest(`Invalid type for 'tools': expected an array, but got ${typeName(value)} instead.`, 'tools');
  }
  const tools: FunctionTool[] = [];
  value.forEach((tool: unknown, i) => {
    // Only function tools can be called here; other kinds (custom tools) are accepted and never called.
    if (!isObject(tool) || tool.type !== 'function') return;
    const fn = tool.function;
    if (!isObject(fn) || typeof fn.name !== 'string' || fn.name === '') {
      throw invalidRequest(`Missing required parameter: 'tools[${i}].function.name'.`, `tools[${i}].function.name`);
    }
    tools.push({ name: fn.name, parameters: fn.parameters });
  });
  return tools;
}

function readToolChoice(value: unknown, tools: FunctionTool[]): ToolChoice {
  if (value === undefined || value === null) return 'auto';
  if (value === 'none' || value === 'auto' || value === 'required') return value;
  if (isObject(value) && value.type === 'function' && isObject(value.function) && typeof value.function.name === 'string') {
    const { name } = value.function;
    if (!tools.some((t) => t.name === name)) {
      throw invalidRequest(`Invalid value for 'tool_choice': no function named '${name}' was specified in the 'tools' parameter.`, 'tool_choice');
    }
    return { name };
  }
  throw invalidRequest("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a named function.", 'tool_choice');
}

/**
 * Checks only what the simulator needs to answer, with OpenAI's messages;
 * every other field is accepted as sent.
 * @param deployment the Azure deployment from the path, if the request came that way
 */
export function readChatRequest(body: unknown, deployment?: string): ChatRequest {
  if (!isObject(body)) {
    throw invalidRequest(
      "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload, but what was sent was not a JSON object.",
    );
  }
  const messages = readMessages(body.messages);
  const model = readModel(body.model, deployment);
  const tools = readTools(body.tools);
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  return {
    model,
    messages,
    stream: body.stream === true,
    includeUsage: body.stream === true && streamOptions.include_usage === true,
    maxTokens: positiveInt(body.max_completion_tokens) ?? positiveInt(body.max_tokens),
    tools,
    toolChoice: readToolChoice(body.tool_choice, tools),
    parallelToolCalls: body.parallel_tool_calls !== false,
    responseFormat: readResponseFormat(body.response_format),
  };
}

function readResponseFormat(value: unknown): ChatRequest['responseFormat'] {
  if (!isObject(value)) return null;
  if (value.type === 'json_object') return { type: 'json_object' };
  if (value.type === 'json_schema' && isObject(value.json_schema)) {
    return { type: 'json_schema', name: String(value.json_schema.name ?? 'schema'), schema: value.json_schema.schema };
  }
  return null;
}
