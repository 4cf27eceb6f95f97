import type { PlaygroundRequestQuery } from '../../gql/graphql';
import { emptyParams, escapeStop, newKey, type EditorState, type MessageDraft, type PartDraft } from './session';

/** A logged request's `replayInput`, as the playground selects it. */
export type ReplayInputData = NonNullable<PlaygroundRequestQuery['request']>['replayInput'];
type ReplayMessageData = ReplayInputData['messages'][number];
type ReplayPartData = NonNullable<ReplayMessageData['parts']>[number];

const json = (value: unknown) => JSON.stringify(value, null, 2);
const text = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value));
const hasKeys = (value: Record<string, unknown> | null | undefined): value is Record<string, unknown> => !!value && Object.keys(value).length > 0;

function partDraft(part: ReplayPartData): PartDraft {
  const key = newKey('p');
  // A part the typed fields cannot hold exactly comes whole in `raw`, and goes back whole.
  if (part.raw) return { key, kind: 'raw', type: part.type, raw: part.raw };
  if (part.type === 'text') return { key, kind: 'text', text: part.text ?? '' };
  if (part.type === 'image_url') return { key, kind: 'image', imageUrl: part.imageUrl ?? '', detail: part.detail ?? '' };
  if (part.type === 'input_audio' && part.inputAudio) return { key, kind: 'audio', data: part.inputAudio.data, format: part.inputAudio.format };
  if (part.type === 'file' && part.file) {
    return { key, kind: 'file', fileId: part.file.fileId ?? '', fileData: part.file.fileData ?? '', filename: part.file.filename ?? '' };
  }
  return { key, kind: 'raw', type: part.type, raw: { type: part.type } };
}

function messageDraft(message: ReplayMessageData): MessageDraft {
  return {
    key: newKey('m'),
    role: message.role,
    content: message.parts ? null : (message.content ?? null),
    parts: message.parts ? message.parts.map(partDraft) : null,
    name: message.name ?? '',
    toolCallId: message.toolCallId ?? '',
    toolCalls: (message.toolCalls ?? []).map((c) => ({ key: newKey('c'), id: c.id, name: c.name, arguments: c.arguments })),
    extra: hasKeys(message.extra) ? json(message.extra) : '',
  };
}

/**
 * The editor showing a logged request (or a restored run) exactly: every
 * message and part, every set parameter, tools, response format and the
 * body's other fields in `extra`. Read back by run-input.ts it gives the
 * same input, so an untouched field is recognised as untouched.
 */
export function editorFromReplay(input: ReplayInputData): EditorState {
  const tools = (input.tools ?? []).map((t) => ({
    name: t.name,
    ...(t.description !== null && t.description !== undefined ? { description: t.description } : {}),
    ...(t.parameters ? { parameters: t.parameters } : {}),
    ...(t.strict !== null && t.strict !== undefined ? { strict: t.strict } : {}),
  }));
  const choice = input.toolChoice;
  const format = input.responseFormat;
  return {
    model: { provider: input.provider ?? '', model: input.model },
    messages: input.messages.map(messageDraft),
    variables: {},
    params: {
      ...emptyParams(),
      temperature: text(input.temperature),
      topP: text(input.topP),
      maxTokens: text(input.maxTokens),
      maxCompletionTokens: text(input.maxCompletionTokens),
      stop: (input.stop ?? []).map(escapeStop),
      seed: text(input.seed),
      presencePenalty: text(input.presencePenalty),
      frequencyPenalty: text(input.frequencyPenalty),
      reasoningEffort: input.reasoningEffort ?? '',
      n: text(input.n),
      user: input.user ?? '',
      logitBias: input.logitBias ? json(input.logitBias) : '',
      extra: hasKeys(input.extra) ? json(input.extra) : '',
    },
    tools: {
      definitions: input.tools ? json(tools) : '',
      choice: choice?.function ? `function:${choice.function}` : (choice?.mode ?? ''),
      parallel: input.parallelToolCalls === null || input.parallelToolCalls === undefined ? '' : String(input.parallelToolCalls),
    },
    responseFormat: format
      ? {
          type: format.type,
          name: format.name ?? '',
          description: format.description ?? '',
          strict: format.strict === null || format.strict === undefined ? '' : String(format.strict),
          schema: format.schema ? json(format.schema) : '',
        }
      : { type: '', name: '', description: '', strict: '', schema: '' },
  };
}
