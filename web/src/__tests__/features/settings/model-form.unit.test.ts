import { DEFAULT_SUPPORTS, emptyModelDraft, modelDraftChanged, modelDraftFrom, modelInput } from '../../../features/settings/providers/model-form';

const stored = { id: 'sim-fast', label: null, inputPricePerM: 1, outputPricePerM: null, supports: { tools: true, structuredOutput: false, images: false, streaming: true } };

describe('a model row', () => {
  it("starts from the stored model's prices and capabilities", () => {
    expect(modelDraftFrom(stored)).toEqual({ id: 'sim-fast', label: '', inputPrice: '1', outputPrice: '', supports: stored.supports });
  });

  it('sends every field, since addModel replaces the model whole; an unknown price is left out', () => {
    const draft = { ...modelDraftFrom(stored), inputPrice: '$0.30', label: ' Fast ' };
    expect(modelInput(draft)).toEqual({ ok: true, input: { id: 'sim-fast', label: 'Fast', inputPricePerM: 0.3, supports: stored.supports } });
  });

  it('refuses a price it cannot read, under the API field name', () => {
    expect(modelInput({ ...emptyModelDraft(), id: 'm', outputPrice: 'cheap' })).toEqual({ ok: false, errors: { outputPricePerM: 'Write a price in dollars, e.g. 0.15' } });
  });

  it('knows when it differs from what is stored', () => {
    const draft = modelDraftFrom(stored);
    expect(modelDraftChanged(draft, modelDraftFrom(stored))).toBe(false);
    expect(modelDraftChanged({ ...draft, supports: { ...draft.supports, images: true } }, modelDraftFrom(stored))).toBe(true);
  });

  it("a new model starts with the API's assumptions: tools, structured output and streaming, no images", () => {
    expect(emptyModelDraft().supports).toEqual(DEFAULT_SUPPORTS);
    expect(DEFAULT_SUPPORTS).toEqual({ tools: true, structuredOutput: true, images: false, streaming: true });
  });
});
