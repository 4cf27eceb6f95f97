import type { CreateProviderInput, HeaderInput, ProviderLimitsInput, UpdateProviderInput } from '../../../gql/graphql';
import { KIND_FORMS, type ProviderKind } from './provider-kinds';
import { limitText, parseLimit } from './numbers';

/** A header row of the form. Values are write-only: the API never returns them. */
export interface HeaderDraft {
  name: string;
  value: string;
}

/** The provider form as typed: every field a string, checked when it is sent. */
export interface ProviderDraft {
  kind: ProviderKind;
  name: string;
  baseURL: string;
  /** Empty when editing: keep the stored key. */
  apiKey: string;
  organization: string;
  project: string;
  apiVersion: string;
  /** Headers to send: new ones, or a new value for a stored name. */
  headers: HeaderDraft[];
  /** Stored header names to remove on save. */
  removedHeaders: string[];
  rpm: string;
  concurrency: string;
  /** When adding: the model (or deployment) ids to start with, one per line or comma-separated. */
  models: string;
}

/** What the form reads of a stored provider. */
export interface StoredProvider {
  name: string;
  baseURL?: string | null;
  organization?: string | null;
  project?: string | null;
  apiVersion?: string | null;
  headers: string[];
  limits: { rpm?: number | null; concurrency?: number | null };
}

/**
 * Field names are the API's paths under `input` (`baseURL`, `limits.rpm`,
 * `headers.2.name`), so an error from either side lands next to the same field.
 */
export type FieldErrors = Record<string, string>;

export type Mapped<T> =
  | {
      ok: true;
      input: T;
      /** The form's header row behind each entry of `input.headers` (-1 for a removal), to place the API's `headers.<i>` errors. */
      headerRows: number[];
    }
  | { ok: false; errors: FieldErrors };

/** OpenAI's API: what an OpenAI provider without a base URL calls. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export function emptyDraft(kind: ProviderKind): ProviderDraft {
  return { kind, name: '', baseURL: '', apiKey: '', organization: '', project: '', apiVersion: '', headers: [], removedHeaders: [], rpm: '', concurrency: '', models: '' };
}

/** The edit form of a stored provider: its values, no key (empty keeps it), no header values. */
export function draftFrom(kind: ProviderKind, provider: StoredProvider): ProviderDraft {
  return {
    ...emptyDraft(kind),
    name: provider.name,
    baseURL: provider.baseURL ?? '',
    organization: provider.organization ?? '',
    project: provider.project ?? '',
    apiVersion: provider.apiVersion ?? '',
    rpm: limitText(provider.limits.rpm),
    concurrency: limitText(provider.limits.concurrency),
  };
}

/** Model ids from a list typed one per line or comma-separated, each once. */
export function parseModelIds(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((id) => id.trim()).filter(Boolean))];
}

function limitsOf(draft: ProviderDraft, errors: FieldErrors): ProviderLimitsInput {
  const limits: ProviderLimitsInput = {};
  for (const field of ['rpm', 'concurrency'] as const) {
    const parsed = parseLimit(draft[field]);
    if (!parsed.ok) errors[`limits.${field}`] = parsed.message;
    else if (parsed.value !== null) limits[field] = parsed.value;
  }
  return limits;
}

/** Rows with a name are sent; a blank row is dropped; a value without a name cannot be sent. */
function headersOf(draft: ProviderDraft, errors: FieldErrors): { headers: HeaderInput[]; rows: number[] } {
  const headers: HeaderInput[] = [];
  const rows: number[] = [];
  draft.headers.forEach((header, row) => {
    const name = header.name.trim();
    if (!name) {
      if (header.value) errors[`headers.${row}.name`] = 'A header name is required';
      return;
    }
    headers.push({ name, value: header.value });
    rows.push(row);
  });
  return { headers, rows };
}

const shows = (draft: ProviderDraft, field: 'baseURL' | 'apiVersion' | 'organization' | 'project') => KIND_FORMS[draft.kind].needs[field] !== 'hidden';

/**
 * `createProvider`'s input from the form. Empty fields are left out, so the
 * API's own checks say what a kind requires; only what cannot be sent at all
 * (a limit that is not a number) is refused here.
 */
export function createInput(draft: ProviderDraft): Mapped<CreateProviderInput> {
  const errors: FieldErrors = {};
  const limits = limitsOf(draft, errors);
  const { headers, rows } = headersOf(draft, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const input: CreateProviderInput = { name: draft.name.trim(), kind: draft.kind };
  const text = (value: string) => value.trim() || undefined;
  if (shows(draft, 'baseURL') && text(draft.baseURL)) input.baseURL = text(draft.baseURL);
  if (draft.apiKey.trim()) input.apiKey = draft.apiKey.trim();
  if (shows(draft, 'apiVersion') && text(draft.apiVersion)) input.apiVersion = text(draft.apiVersion);
  if (shows(draft, 'organization') && text(draft.organization)) input.organization = text(draft.organization);
  if (shows(draft, 'project') && text(draft.project)) input.project = text(draft.project);
  if (headers.length > 0) input.headers = headers;
  const models = parseModelIds(draft.models);
  if (models.length > 0) input.models = models.map((id) => ({ id }));
  if (limits.rpm !== undefined || limits.concurrency !== undefined) input.limits = limits;
  return { ok: true, input, headerRows: rows };
}

/**
 * `updateProvider`'s input: only what differs from `stored`. An empty key
 * keeps the stored one; an emptied organization or project is cleared; the
 * limits, when changed, are sent whole (the API replaces them).
 */
export function updateInput(draft: ProviderDraft, stored: StoredProvider): Mapped<UpdateProviderInput> {
  const errors: FieldErrors = {};
  const limits = limitsOf(draft, errors);
  const { headers, rows } = headersOf(draft, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const input: UpdateProviderInput = {};
  const changed = (now: string, was: string | null | undefined) => now.trim() !== (was ?? '');
  if (changed(draft.name, stored.name)) input.name = draft.name.trim();
  if (shows(draft, 'baseURL') && changed(draft.baseURL, stored.baseURL)) {
    // The API cannot unset a base URL; for OpenAI, empty means OpenAI's own, so say so.
    input.baseURL = draft.baseURL.trim() || (draft.kind === 'openai' ? OPENAI_BASE_URL : '');
  }
  if (draft.apiKey.trim()) input.apiKey = draft.apiKey.trim();
  if (shows(draft, 'apiVersion') && changed(draft.apiVersion, stored.apiVersion)) {
    // The API takes no empty version (it would refuse it in zod's words, not these).
    if (!draft.apiVersion.trim()) return { ok: false, errors: { apiVersion: 'An API version is required for Azure OpenAI' } };
    input.apiVersion = draft.apiVersion.trim();
  }
  if (shows(draft, 'organization') && changed(draft.organization, stored.organization)) input.organization = draft.organization.trim();
  if (shows(draft, 'project') && changed(draft.project, stored.project)) input.project = draft.project.trim();

  const removals = draft.removedHeaders.filter((name) => !headers.some((h) => h.name?.toLowerCase() === name.toLowerCase()));
  if (headers.length > 0 || removals.length > 0) {
    input.headers = [...headers, ...removals.map((name) => ({ name, value: null }))];
    rows.push(...removals.map(() => -1));
  }

  if ((limits.rpm ?? null) !== (stored.limits.rpm ?? null) || (limits.concurrency ?? null) !== (stored.limits.concurrency ?? null)) input.limits = limits;
  return { ok: true, input, headerRows: rows };
}

/** An API field path of a sent input, as the form's field name: `headers.<i>` names the row that became entry i. */
export function formField(field: string, headerRows: number[]): string {
  const match = /^headers\.(\d+)(\..*)?$/.exec(field);
  if (!match) return field;
  const row = headerRows[Number(match[1])];
  return row === undefined || row < 0 ? 'headers' : `headers.${row}${match[2] ?? ''}`;
}

/**
 * The form's field for an API field path of a sent input, when the form
 * shows it; undefined when it does not (the message is then said above the
 * buttons).
 */
export function draftFieldOf(path: string, draft: ProviderDraft, headerRows: number[]): string | undefined {
  const field = formField(path, headerRows);
  if (/^headers\.\d+$/.test(field)) return `${field}.name`;
  if (field === 'headers' || /^headers\.\d+\.(name|value)$/.test(field)) return field;
  if (/^models(\.|$)/.test(field)) return 'models';
  if (field === 'name' || field === 'kind' || field === 'limits.rpm' || field === 'limits.concurrency') return field;
  if (field === 'apiKey') return field;
  if (field === 'baseURL' || field === 'apiVersion' || field === 'organization' || field === 'project') return shows(draft, field) ? field : undefined;
  return undefined;
}
