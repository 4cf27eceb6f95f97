/** The kinds of provider a workspace can add: the API's `kind`. */
export const PROVIDER_KINDS = ['openai', 'azure-openai', 'openai-compatible'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const isProviderKind = (value: unknown): value is ProviderKind => PROVIDER_KINDS.includes(value as ProviderKind);

/** Whether the form asks for a field: needed, offered, or not shown at all. */
export type Need = 'required' | 'optional' | 'hidden';

/** The fields of the provider form that depend on the kind. */
export type KindField = 'baseURL' | 'apiKey' | 'apiVersion' | 'organization' | 'project';

export interface KindForm {
  label: string;
  /** One line under the kind's choice: what it is for. */
  summary: string;
  needs: Record<KindField, Need>;
  baseURLLabel: string;
  baseURLPlaceholder: string;
  baseURLHelp: string;
  apiKeyHelp: string;
  /** What a model id names for this kind: Azure calls a model by its deployment's name. */
  modelNoun: 'model' | 'deployment';
  /** Whether "Refresh models" can work: Azure's /models lists base models, never the deployments a run names. */
  listsModels: boolean;
}

// The needs mirror the API's own checks (contracts' providerShapeIssues), so
// the form never offers a field the API would refuse for the kind.
export const KIND_FORMS: Record<ProviderKind, KindForm> = {
  openai: {
    label: 'OpenAI',
    summary: "OpenAI's own API, with your organization's key.",
    needs: { baseURL: 'optional', apiKey: 'required', apiVersion: 'hidden', organization: 'optional', project: 'optional' },
    baseURLLabel: 'Base URL',
    baseURLPlaceholder: 'https://api.openai.com/v1',
    baseURLHelp: "Leave empty for OpenAI's own API.",
    apiKeyHelp: 'Starts with sk-. Stored encrypted; only its last four characters are ever shown.',
    modelNoun: 'model',
    listsModels: true,
  },
  'azure-openai': {
    label: 'Azure OpenAI',
    summary: 'An Azure OpenAI resource: its endpoint, API version and deployments.',
    needs: { baseURL: 'required', apiKey: 'required', apiVersion: 'required', organization: 'hidden', project: 'hidden' },
    baseURLLabel: 'Endpoint',
    baseURLPlaceholder: 'https://my-resource.openai.azure.com',
    baseURLHelp: "The resource's endpoint, without /openai/deployments.",
    apiKeyHelp: "One of the resource's keys. Stored encrypted; only its last four characters are ever shown.",
    modelNoun: 'deployment',
    listsModels: false,
  },
  'openai-compatible': {
    label: 'OpenAI-compatible',
    summary: 'Any server that speaks the OpenAI API: Ollama, vLLM, LiteLLM, a team gateway.',
    needs: { baseURL: 'required', apiKey: 'optional', apiVersion: 'hidden', organization: 'optional', project: 'optional' },
    baseURLLabel: 'Base URL',
    baseURLPlaceholder: 'http://localhost:11434/v1',
    baseURLHelp: 'The URL that /chat/completions and /models are appended to, usually ending in /v1.',
    apiKeyHelp: 'Leave empty for a server that takes no key. Stored encrypted; only its last four characters are ever shown.',
    modelNoun: 'model',
    listsModels: true,
  },
};

/** The label of a kind, or the kind itself for one this page does not know. */
export const kindLabel = (kind: string) => (isProviderKind(kind) ? KIND_FORMS[kind].label : kind);

/** The kind-dependent fields the form shows for `kind`, in the order it shows them. */
export const shownFields = (kind: ProviderKind): KindField[] =>
  (['baseURL', 'apiVersion', 'apiKey', 'organization', 'project'] as const).filter((field) => KIND_FORMS[kind].needs[field] !== 'hidden');
