import { chatCompletionIssue, chatRequestIssue, logRequestsBodySchema } from '../logging.js';

const item = (requestBody: string, responseBody?: string) => ({ provider: 'openai', requestBody, ...(responseBody === undefined ? {} : { responseBody }), startedAt: '2025-03-01T12:00:00.000Z' });

describe('a logged chat request: a model and a list of messages, each with a role', () => {
  it.each([
    ['not an object', [], '(body)'],
    ['no model', { messages: [{ role: 'user' }] }, 'model'],
    ['an empty model', { model: '', messages: [{ role: 'user' }] }, 'model'],
    ['messages not a list', { model: 'm', messages: { role: 'user' } }, 'messages'],
    ['no messages', { model: 'm', messages: [] }, 'messages'],
    ['a message that is a string', { model: 'm', messages: [{ role: 'user' }, 'hi'] }, 'messages.1'],
    ['a message that is a list', { model: 'm', messages: [[{ role: 'user' }]] }, 'messages.0'],
    ['a message without a role', { model: 'm', messages: [{ content: 'a' }] }, 'messages.0.role'],
  ])('refuses %s, naming where', (_name, body, path) => {
    expect(chatRequestIssue(body)?.path).toBe(path);
  });

  it('takes any other shape: legacy functions, unknown roles and fields, explicit nulls', () => {
    const body = { model: 'gpt-3.5-turbo', messages: [{ role: 'function', name: 'f', content: null }, { role: 'new-role', extra: [1] }], functions: [], seed: null };
    expect(chatRequestIssue(body)).toBeNull();
  });

  it('a completion: a list of choices, each an object with a numeric index if any', () => {
    expect(chatCompletionIssue({ choices: [] })).toBeNull();
    expect(chatCompletionIssue({ choices: [{ index: 0, message: {} }, {}] })).toBeNull();
    expect(chatCompletionIssue({ choices: [{ index: '0' }] })?.path).toBe('choices.0.index');
    expect(chatCompletionIssue({ choices: [null] })?.path).toBe('choices.0');
    expect(chatCompletionIssue({ id: 'x' })?.path).toBe('choices');
  });
});

describe("history's check of a logRequests body", () => {
  it('keeps each body as the text received and the value it parses to', () => {
    const requestBody = '{ "model":"m", "seed": 12345678901234567890, "messages":[{"role":"user","content":"hi"}] }';
    const responseBody = '{"choices":[{"index":0,"message":{"role":"assistant","content":"hello"}}]}';
    const parsed = logRequestsBodySchema.parse({ workspaceId: 'ws', items: [item(requestBody, responseBody)] });
    expect(parsed.items[0]!.requestBody).toEqual({ text: requestBody, value: JSON.parse(requestBody) });
    expect(parsed.items[0]!.responseBody).toEqual({ text: responseBody, value: JSON.parse(responseBody) });
  });

  it('refuses a body that is not JSON, or not of the shape, naming the field and the path within', () => {
    const refused = logRequestsBodySchema.safeParse({
      workspaceId: 'ws',
      items: [item('{"model":"m","messages":[{"role":"user"}]}'), item('{nope'), item('{"model":"m","messages":[{"content":"no role"}]}'), item('{"model":"m","messages":[{"role":"user"}]}', '{"id":1}')],
    });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['items.1.requestBody', 'not JSON: a chat completions request must be JSON text'],
      ['items.2.requestBody', 'not a chat completions request: messages.0.role: expected a non-empty string'],
      ['items.3.responseBody', 'not a chat completion: choices: expected an array'],
    ]);
  });
});
