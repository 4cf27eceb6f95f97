import type { ModelInput } from '../../../gql/graphql';
import { parsePrice, priceText } from './numbers';
import type { FieldErrors } from './provider-form';

export interface Supports {
  tools: boolean;
  structuredOutput: boolean;
  images: boolean;
  streaming: boolean;
}

/** The capabilities a model can be marked with, as the tables name them. */
export const CAPABILITIES: readonly { key: keyof Supports; label: string; help: string }[] = [
  { key: 'tools', label: 'Tools', help: 'Takes tool (function) definitions' },
  { key: 'structuredOutput', label: 'Structured output', help: 'Takes a json_schema response format' },
  { key: 'images', label: 'Images', help: 'Takes image parts in messages' },
  { key: 'streaming', label: 'Streaming', help: 'Streams its answer' },
];

/** What the API assumes of a model it is told nothing about: what most chat models do. */
export const DEFAULT_SUPPORTS: Readonly<Supports> = { tools: true, structuredOutput: true, images: false, streaming: true };

/** A model row being edited, or the "add a model" form. */
export interface ModelDraft {
  id: string;
  label: string;
  inputPrice: string;
  outputPrice: string;
  supports: Supports;
}

export const emptyModelDraft = (): ModelDraft => ({ id: '', label: '', inputPrice: '', outputPrice: '', supports: { ...DEFAULT_SUPPORTS } });

export function modelDraftFrom(model: { id: string; label?: string | null; inputPricePerM?: number | null; outputPricePerM?: number | null; supports: Supports }): ModelDraft {
  const { tools, structuredOutput, images, streaming } = model.supports;
  return {
    id: model.id,
    label: model.label ?? '',
    inputPrice: priceText(model.inputPricePerM),
    outputPrice: priceText(model.outputPricePerM),
    supports: { tools, structuredOutput, images, streaming },
  };
}

/**
 * `addModel`'s input, which replaces the model with that id whole: every
 * field is sent, so what the row shows is what is stored. Error names are the
 * API's (`id`, `inputPricePerM`, `outputPricePerM`).
 */
export function modelInput(draft: ModelDraft): { ok: true; input: ModelInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const input = parsePrice(draft.inputPrice);
  const output = parsePrice(draft.outputPrice);
  if (!input.ok) errors.inputPricePerM = input.message;
  if (!output.ok) errors.outputPricePerM = output.message;
  if (!input.ok || !output.ok) return { ok: false, errors };
  const model: ModelInput = { id: draft.id.trim(), supports: { ...draft.supports } };
  if (draft.label.trim()) model.label = draft.label.trim();
  if (input.value !== null) model.inputPricePerM = input.value;
  if (output.value !== null) model.outputPricePerM = output.value;
  return { ok: true, input: model };
}

/** Whether the row differs from the stored model. */
export const modelDraftChanged = (draft: ModelDraft, stored: ModelDraft) => JSON.stringify(draft) !== JSON.stringify(stored);
