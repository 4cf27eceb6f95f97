import { isProviderKind, KIND_FORMS, kindLabel, shownFields } from '../../../features/settings/providers/provider-kinds';

describe('the fields each kind needs', () => {
  it('OpenAI: a key; the base URL, organization and project optional; no API version', () => {
    expect(shownFields('openai')).toEqual(['baseURL', 'apiKey', 'organization', 'project']);
    expect(KIND_FORMS.openai.needs).toMatchObject({ apiKey: 'required', baseURL: 'optional' });
  });

  it('Azure OpenAI: endpoint, API version and key, all required; no organization or project', () => {
    expect(shownFields('azure-openai')).toEqual(['baseURL', 'apiVersion', 'apiKey']);
    expect(KIND_FORMS['azure-openai'].needs).toMatchObject({ baseURL: 'required', apiVersion: 'required', apiKey: 'required' });
    expect(KIND_FORMS['azure-openai'].baseURLLabel).toBe('Endpoint');
  });

  it('OpenAI-compatible: a base URL; the key optional (Ollama and vLLM take none)', () => {
    expect(shownFields('openai-compatible')).toEqual(['baseURL', 'apiKey', 'organization', 'project']);
    expect(KIND_FORMS['openai-compatible'].needs).toMatchObject({ baseURL: 'required', apiKey: 'optional' });
  });

  it('Azure names deployments and cannot list them', () => {
    expect(KIND_FORMS['azure-openai']).toMatchObject({ modelNoun: 'deployment', listsModels: false });
    expect(KIND_FORMS['openai-compatible']).toMatchObject({ modelNoun: 'model', listsModels: true });
  });

  it('labels the known kinds and shows an unknown one as it is', () => {
    expect(kindLabel('azure-openai')).toBe('Azure OpenAI');
    expect(kindLabel('anthropic')).toBe('anthropic');
    expect(isProviderKind('openai')).toBe(true);
    expect(isProviderKind('anthropic')).toBe(false);
  });
});
