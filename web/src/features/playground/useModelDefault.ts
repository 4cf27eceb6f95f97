import { useEffect } from 'react';
import { playground } from './session-store';
import type { Model } from './useModels';

/** A new session's model is the gateway's default, once the models have loaded; a chosen or loaded model is left alone. */
export function useModelDefault(preferred: Model | null): void {
  useEffect(() => {
    if (!preferred) return;
    playground.update((s) =>
      s.editor.model.model === '' && s.editor.model.provider === '' && !s.origin
        ? { ...s, editor: { ...s.editor, model: { provider: preferred.provider, model: preferred.name } } }
        : s,
    );
  }, [preferred]);
}
