import type { ReplayInputData } from '../../../features/playground/replay-session';

/** A logged request's replayInput as the gateway gives it: nulls for what the body does not set. */
export function replayInput(overrides: Partial<ReplayInputData> = {}): ReplayInputData {
  return {
    provider: 'simulator',
    model: 'sim-fast',
    messages: [
      { role: 'system', content: 'You are terse.', parts: null, name: null, toolCallId: null, toolCalls: null, extra: null },
      {
        role: 'user',
        content: null,
        parts: [
          { type: 'text', text: 'What is in {{thing}}?', imageUrl: null, detail: null, inputAudio: null, file: null, raw: null },
          { type: 'image_url', text: null, imageUrl: 'https://example.com/a.png', detail: 'high', inputAudio: null, file: null, raw: null },
          { type: 'input_audio', text: null, imageUrl: null, detail: null, inputAudio: { data: 'UklGRg==', format: 'wav' }, file: null, raw: null },
          { type: 'file', text: null, imageUrl: null, detail: null, inputAudio: null, file: { fileId: 'file-1', fileData: null, filename: null }, raw: null },
          { type: 'weird', text: null, imageUrl: null, detail: null, inputAudio: null, file: null, raw: { type: 'weird', x: 1 } },
        ],
        name: 'ada',
        toolCallId: null,
        toolCalls: null,
        extra: null,
      },
      {
        role: 'assistant',
        content: null,
        parts: null,
        name: null,
        toolCallId: null,
        toolCalls: [{ id: 'call_1', name: 'look', arguments: '{"at":"it"}' }],
        extra: { refusal: null },
      },
      { role: 'tool', content: '{"seen":true}', parts: null, name: null, toolCallId: 'call_1', toolCalls: null, extra: null },
    ],
    temperature: 1,
    topP: null,
    maxTokens: 100,
    maxCompletionTokens: null,
    stop: ['\n\n', 'END'],
    seed: '9223372036854775807',
    presencePenalty: null,
    frequencyPenalty: -0,
    user: null,
    logitBias: { '50256': -100 },
    reasoningEffort: null,
    n: null,
    tools: [{ name: 'look', description: null, parameters: { type: 'object', properties: { at: { type: 'string' } } }, strict: true }],
    toolChoice: { mode: 'auto', function: null },
    parallelToolCalls: false,
    responseFormat: { type: 'json_schema', name: 'seen', description: null, schema: { type: 'object' }, strict: null },
    extra: { top_k: 40, metadata: { 'a.b': 1 } },
    ...overrides,
  };
}
