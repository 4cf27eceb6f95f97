import { randomUUID } from 'node:crypto';
import {
  DEFAULT_MODEL_SUPPORTS,
  providerShapeIssues,
  type ModelPrice,
  type ProviderInfo,
  type ProviderInput,
  type ProviderModelInput,
  type ProviderPatch,
} from '@reprise/contracts';
import { InvalidInputError } from '@reprise/runtime/fastify';
import { DuplicateProviderNameError, type ProviderDoc, type ProviderFields, type ProviderRepository, type StoredModel } from '../models/provider/index.js';
import { OPENAI_BASE_URL, providerLimits, type ProviderConfig } from './provider-config.js';
import type { SecretBox } from './secret-box.js';

/** Keys shorter than this show no characters at all (an empty `apiKeyLast4`). */
const MIN_KEY_FOR_LAST4 = 12;

/** How many times a model list edit is retried when another write came in between. */
const MAX_WRITE_ATTEMPTS = 5;

// The sealed values are bound to their document and field (GCM's associated
// data): a value copied into another provider's document does not open.
const keyContext = (doc: { workspaceId: string; _id: string }) => `${doc.workspaceId}/${doc._id}/apiKey`;
const headersContext = (doc: { workspaceId: string; _id: string }) => `${doc.workspaceId}/${doc._id}/headers`;

/**
 * A write, with a name already taken in the workspace refused as every
 * refusal of the store is: an InvalidInputError naming the API's field
 * (`input.name`; elsewhere `input.apiVersion`, `modelId`), answered 400.
 */
async function uniquelyNamed<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof DuplicateProviderNameError) throw new InvalidInputError([{ field: 'input.name', message: err.message }]);
    throw err;
  }
}

function storedModel(input: ProviderModelInput, source: StoredModel['source']): StoredModel {
  return {
    id: input.id,
    label: input.label ?? null,
    inputPricePerM: input.inputPricePerM ?? null,
    outputPricePerM: input.outputPricePerM ?? null,
    supports: { ...DEFAULT_MODEL_SUPPORTS, ...input.supports },
    source,
  };
}

/** A provider as the API shows it: no key, no header values. */
export function toProviderInfo(doc: ProviderDoc): ProviderInfo {
  return {
    id: doc._id,
    name: doc.name,
    kind: doc.kind,
    baseURL: doc.baseURL,
    apiKeyLast4: doc.apiKeyLast4,
    organization: doc.organization,
    project: doc.project,
    apiVersion: doc.apiVersion,
    headers: doc.headerNames,
    models: doc.models.map((m) => ({
      id: m.id,
      label: m.label ?? null,
      inputPricePerM: m.inputPricePerM ?? null,
      outputPricePerM: m.outputPricePerM ?? null,
      supports: { ...DEFAULT_MODEL_SUPPORTS, ...m.supports },
      source: m.source,
    })),
    limits: { rpm: doc.limits?.rpm ?? null, concurrency: doc.limits?.concurrency ?? null },
    builtIn: false,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/**
 * Workspaces' own providers: seals secrets on the way in, opens them only
 * for the registry, and reports every change so that cached clients are
 * dropped in every process.
 */
export class ProviderStore {
  constructor(
    private readonly repository: ProviderRepository,
    private readonly box: SecretBox,
    private readonly onChange: (providerId: string) => Promise<void>,
  ) {}

  async list(workspaceId: string): Promise<ProviderInfo[]> {
    return (await this.repository.list(workspaceId)).map(toProviderInfo);
  }

  async get(workspaceId: string, id: string): Promise<ProviderInfo | null> {
    const doc = await this.repository.get(workspaceId, id);
    return doc && toProviderInfo(doc);
  }

  async create(workspaceId: string, input: ProviderInput): Promise<ProviderInfo> {
    const ids = { workspaceId, _id: randomUUID() };
    const headers = input.headers?.map((h): [string, string] => [h.name, h.value]) ?? [];
    const doc = await uniquelyNamed(
      this.repository.insert({
        ...ids,
        name: input.name,
        kind: input.kind,
        baseURL: input.baseURL ?? null,
        ...this.sealedKey(ids, input.apiKey),
        organization: input.organization ?? null,
        project: input.project ?? null,
        apiVersion: input.apiVersion ?? null,
        ...this.sealedHeaders(ids, headers),
        models: (input.models ?? []).map((m) => storedModel(m, 'manual')),
        limits: { rpm: input.limits?.rpm ?? null, concurrency: input.limits?.concurrency ?? null },
      }),
    );
    return toProviderInfo(doc);
  }

  /** Applies a patch; null when the workspace has no such provider. */
  async update(workspaceId: string, id: string, patch: ProviderPatch): Promise<ProviderInfo | null> {
    return this.modify(workspaceId, id, (doc) => {
      const fields: ProviderFields = {};
      if (patch.name !== undefined) fields.name = patch.name;
      if (patch.baseURL !== undefined) fields.baseURL = patch.baseURL;
      if (patch.apiKey !== undefined) Object.assign(fields, this.sealedKey(doc, patch.apiKey));
      if (patch.organization !== undefined) fields.organization = patch.organization || null;
      if (patch.project !== undefined) fields.project = patch.project || null;
      if (patch.apiVersion !== undefined) fields.apiVersion = patch.apiVersion;
      if (patch.limits !== undefined) fields.limits = { rpm: patch.limits.rpm ?? null, concurrency: patch.limits.concurrency ?? null };
      if (patch.headers !== undefined) {
        const headers = new Map(this.openHeaders(doc).map(([name, value]) => [name.toLowerCase(), [name, value] as [string, string]]));
        for (const h of patch.headers) {
          if (h.value === null) headers.delete(h.name.toLowerCase());
          else headers.set(h.name.toLowerCase(), [h.name, h.value]);
        }
        Object.assign(fields, this.sealedHeaders(doc, [...headers.values()]));
      }
      const issues = providerShapeIssues({
        kind: doc.kind,
        baseURL: fields.baseURL ?? doc.baseURL,
        apiVersion: fields.apiVersion ?? doc.apiVersion,
        hasApiKey: !!(fields.apiKey ?? doc.apiKey),
      });
      if (issues.length) throw new InvalidInputError(issues.map((i) => ({ ...i, field: `input.${i.field}` })));
      return fields;
    });
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const deleted = await this.repository.delete(workspaceId, id);
    if (deleted) await this.onChange(id);
    return deleted;
  }

  /** Adds a model, or replaces the one with the same id (its prices and capabilities). */
  async addModel(workspaceId: string, id: string, model: ProviderModelInput): Promise<ProviderInfo | null> {
    return this.modify(workspaceId, id, (doc) => {
      const next = storedModel(model, 'manual');
      const at = doc.models.findIndex((m) => m.id === model.id);
      return { models: at === -1 ? [...doc.models, next] : doc.models.map((m, i) => (i === at ? next : m)) };
    });
  }

  async removeModel(workspaceId: string, id: string, modelId: string): Promise<ProviderInfo | null> {
    return this.modify(workspaceId, id, (doc) => {
      if (!doc.models.some((m) => m.id === modelId)) throw new InvalidInputError([{ field: 'modelId', message: `the provider has no model "${modelId}"` }]);
      return { models: doc.models.filter((m) => m.id !== modelId) };
    });
  }

  /**
   * The model list after a discovery: every listed id, keeping what is known
   * of ids already there (prices, labels, capabilities); models added by hand
   * stay even when the provider does not list them (fine-tunes often are not).
   */
  async replaceDiscovered(workspaceId: string, id: string, listed: string[]): Promise<ProviderInfo | null> {
    return this.modify(workspaceId, id, (doc) => {
      const wanted = new Set(listed);
      const kept = doc.models.filter((m) => m.source === 'manual' || wanted.has(m.id));
      const known = new Set(kept.map((m) => m.id));
      const added = [...wanted].filter((m) => !known.has(m)).sort().map((m) => storedModel({ id: m }, 'discovered'));
      return { models: [...kept, ...added] };
    });
  }

  /** What the registry needs to call the provider, secrets opened; null when the workspace has no such provider. */
  async config(workspaceId: string, id: string): Promise<ProviderConfig | null> {
    const doc = await this.repository.get(workspaceId, id);
    if (!doc) return null;
    const prices: Record<string, ModelPrice> = {};
    for (const m of doc.models) {
      if (m.inputPricePerM !== null && m.outputPricePerM !== null) prices[m.id] = { input: m.inputPricePerM, output: m.outputPricePerM };
    }
    return {
      id: doc._id,
      label: doc.name,
      kind: doc.kind,
      baseURL: doc.baseURL ?? OPENAI_BASE_URL,
      apiKey: doc.apiKey ? this.box.open(doc.apiKey, keyContext(doc)) : '',
      models: doc.models.map((m) => m.id),
      ...(doc.organization ? { organization: doc.organization } : {}),
      ...(doc.project ? { project: doc.project } : {}),
      ...(doc.apiVersion ? { apiVersion: doc.apiVersion } : {}),
      headers: Object.fromEntries(this.openHeaders(doc)),
      prices,
      limits: providerLimits(doc.limits ?? {}),
    };
  }

  private sealedKey(doc: { workspaceId: string; _id: string }, apiKey: string | undefined) {
    if (!apiKey) return { apiKey: null, apiKeyLast4: null };
    // Four characters of a short key would give away too much of it (or all of it).
    return { apiKey: this.box.seal(apiKey, keyContext(doc)), apiKeyLast4: apiKey.length >= MIN_KEY_FOR_LAST4 ? apiKey.slice(-4) : '' };
  }

  private sealedHeaders(doc: { workspaceId: string; _id: string }, headers: [string, string][]) {
    return {
      headers: headers.length ? this.box.seal(JSON.stringify(headers), headersContext(doc)) : null,
      headerNames: headers.map(([name]) => name),
    };
  }

  private openHeaders(doc: ProviderDoc): [string, string][] {
    return doc.headers ? (JSON.parse(this.box.open(doc.headers, headersContext(doc))) as [string, string][]) : [];
  }

  /**
   * Read, change, write only if nobody wrote in between (the revision), else
   * again: two people adding models at once both get theirs. Then every
   * process drops the provider's cached client.
   */
  private async modify(workspaceId: string, id: string, change: (doc: ProviderDoc) => ProviderFields): Promise<ProviderInfo | null> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const doc = await this.repository.get(workspaceId, id);
      if (!doc) return null;
      const updated = await uniquelyNamed(this.repository.update(workspaceId, id, change(doc), doc.revision));
      if (updated) {
        await this.onChange(id);
        return toProviderInfo(updated);
      }
    }
    throw new Error(`provider ${id} kept changing while it was being updated`);
  }
}
