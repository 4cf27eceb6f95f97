import { useEffect } from 'react';
import { playground } from './session-store';
import type { Model } from './useModels';

/**
 * A new session's model is the gateway's default, once the models have loaded; a chosen or loaded model
 * is left alone. Looked at again for each new session (`generation`: New session, an import without a model).
 */
export function useModelDefault(preferred: Model | null, generation: number): void {
  useEffect(() => {
    if (!preferred) return;
    playground.update((s) =>
      s.editor.model.model === '' && s.editor.model.provider === '' && !s.origin
        ? { ...s, editor: { ...s.editor, model: { provider: preferred.provider, model: preferred.name } } }
        : s,
    );
  }, [preferred, generation]);
}
