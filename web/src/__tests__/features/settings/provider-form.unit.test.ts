import { createInput, draftFieldOf, draftFrom, emptyDraft, formField, parseModelIds, updateInput, type StoredProvider } from '../../../features/settings/providers/provider-form';

const stored: StoredProvider = {
  name: 'Team gateway',
  baseURL: 'http://gw.internal/v1',
  organization: 'org-acme',
  project: null,
  apiVersion: null,
  headers: ['X-Team-Token', 'X-Region'],
  limits: { rpm: 600, concurrency: null },
};

describe('createInput', () => {
  it('sends what an OpenAI-compatible provider was given, trimmed, and leaves out what is empty', () => {
    const mapped = createInput({
      ...emptyDraft('openai-compatible'),
      name: '  Local Ollama ',
      baseURL: ' http://localhost:11434/v1 ',
      models: 'llama3.1:8b, qwen2.5:14b\nllama3.1:8b\n',
      rpm: '60',
    });
    expect(mapped).toEqual({
      ok: true,
      input: {
        name: 'Local Ollama',
        kind: 'openai-compatible',
        baseURL: 'http://localhost:11434/v1',
        models: [{ id: 'llama3.1:8b' }, { id: 'qwen2.5:14b' }],
        limits: { rpm: 60 },
      },
      headerRows: [],
    });
  });

  it("sends no field the kind does not take, even when it was typed before the kind changed", () => {
    const draft = { ...emptyDraft('azure-openai'), name: 'Azure', baseURL: 'https://x.openai.azure.com', apiKey: 'k', apiVersion: '2024-10-21', organization: 'org-typed-earlier' };
    expect(createInput(draft)).toEqual({
      ok: true,
      input: { name: 'Azure', kind: 'azure-openai', baseURL: 'https://x.openai.azure.com', apiKey: 'k', apiVersion: '2024-10-21' },
      headerRows: [],
    });
    expect(createInput({ ...draft, kind: 'openai' })).toEqual({
      ok: true,
      input: { name: 'Azure', kind: 'openai', baseURL: 'https://x.openai.azure.com', apiKey: 'k', organization: 'org-typed-earlier' },
      headerRows: [],
    });
  });

  it('leaves out an empty name and URL, for the API to say what the kind requires', () => {
    expect(createInput(emptyDraft('azure-openai'))).toEqual({ ok: true, input: { name: '', kind: 'azure-openai' }, headerRows: [] });
  });

  it('drops blank header rows and remembers which row each header sent came from', () => {
    const mapped = createInput({
      ...emptyDraft('openai-compatible'),
      headers: [
        { name: '', value: '' },
        { name: 'X-Team-Token', value: 'secret' },
        { name: ' X-Region ', value: 'eu' },
      ],
    });
    expect(mapped).toMatchObject({ ok: true, input: { headers: [{ name: 'X-Team-Token', value: 'secret' }, { name: 'X-Region', value: 'eu' }] }, headerRows: [1, 2] });
  });

  it('refuses a header value without a name and limits that are not whole numbers, by their fields', () => {
    expect(createInput({ ...emptyDraft('openai'), headers: [{ name: '', value: 'v' }], rpm: 'fast', concurrency: '2.5' })).toEqual({
      ok: false,
      errors: {
        'headers.0.name': 'A header name is required',
        'limits.rpm': 'A whole number above 0, or empty for no limit',
        'limits.concurrency': 'A whole number above 0, or empty for no limit',
      },
    });
  });
});

describe('updateInput', () => {
  const draft = () => draftFrom('openai-compatible', stored);

  it('starts from the stored values, with an empty key (keep it) and no header values', () => {
    expect(draft()).toMatchObject({ name: 'Team gateway', baseURL: 'http://gw.internal/v1', apiKey: '', organization: 'org-acme', project: '', rpm: '600', concurrency: '', headers: [], removedHeaders: [] });
  });

  it('sends nothing when nothing changed', () => {
    expect(updateInput(draft(), stored)).toEqual({ ok: true, input: {}, headerRows: [] });
  });

  it('sends only what changed; an empty key keeps the stored one, a typed key replaces it', () => {
    expect(updateInput({ ...draft(), name: 'Gateway EU', apiKey: '' }, stored)).toEqual({ ok: true, input: { name: 'Gateway EU' }, headerRows: [] });
    expect(updateInput({ ...draft(), apiKey: ' sk-new ' }, stored)).toEqual({ ok: true, input: { apiKey: 'sk-new' }, headerRows: [] });
  });

  it('clears an emptied organization with an empty string', () => {
    expect(updateInput({ ...draft(), organization: '' }, stored)).toEqual({ ok: true, input: { organization: '' }, headerRows: [] });
  });

  it('sends the limits whole when one changed, an emptied one left out (lifted)', () => {
    expect(updateInput({ ...draft(), concurrency: '4' }, stored)).toEqual({ ok: true, input: { limits: { rpm: 600, concurrency: 4 } }, headerRows: [] });
    expect(updateInput({ ...draft(), rpm: '' }, stored)).toEqual({ ok: true, input: { limits: {} }, headerRows: [] });
  });

  it('removes a stored header with a null value, unless the same name is set again', () => {
    const mapped = updateInput({ ...draft(), removedHeaders: ['X-Region', 'X-Team-Token'], headers: [{ name: 'x-team-token', value: 'rotated' }] }, stored);
    expect(mapped).toEqual({
      ok: true,
      input: { headers: [{ name: 'x-team-token', value: 'rotated' }, { name: 'X-Region', value: null }] },
      headerRows: [0, -1],
    });
  });

  it("says OpenAI's own URL when an OpenAI provider's base URL is emptied (the API cannot unset one)", () => {
    const openai = { ...stored, baseURL: 'https://proxy.example/v1' };
    expect(updateInput({ ...draftFrom('openai', openai), baseURL: '' }, openai)).toMatchObject({ input: { baseURL: 'https://api.openai.com/v1' } });
  });

  it("refuses an emptied Azure API version in the form's words", () => {
    const azure = { ...stored, apiVersion: '2024-10-21' };
    expect(updateInput({ ...draftFrom('azure-openai', azure), apiVersion: ' ' }, azure)).toEqual({ ok: false, errors: { apiVersion: 'An API version is required for Azure OpenAI' } });
  });
});

describe("the API's field paths as the form's fields", () => {
  it('maps a header entry back to the row it came from, and a removal to the headers as a whole', () => {
    expect(formField('headers.1.name', [0, 3])).toBe('headers.3.name');
    expect(formField('headers.2.value', [0, 3, -1])).toBe('headers');
    expect(formField('baseURL', [])).toBe('baseURL');
  });

  it('names only the fields the kind shows', () => {
    const compat = emptyDraft('openai-compatible');
    expect(draftFieldOf('baseURL', compat, [])).toBe('baseURL');
    expect(draftFieldOf('apiVersion', compat, [])).toBeUndefined();
    expect(draftFieldOf('apiVersion', emptyDraft('azure-openai'), [])).toBe('apiVersion');
    expect(draftFieldOf('limits.rpm', compat, [])).toBe('limits.rpm');
    expect(draftFieldOf('models.1.id', compat, [])).toBe('models');
    expect(draftFieldOf('headers.0', compat, [2])).toBe('headers.2.name');
    expect(draftFieldOf('id', compat, [])).toBeUndefined();
  });
});

describe('parseModelIds', () => {
  it('splits on commas and lines, trims, and keeps each id once in order', () => {
    expect(parseModelIds(' a ,b\n\nc,a, ')).toEqual(['a', 'b', 'c']);
    expect(parseModelIds('')).toEqual([]);
  });
});
