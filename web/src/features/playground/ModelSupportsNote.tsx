import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { EditorState } from './session';

const modelSupportsQuery = graphql(`
  query PlaygroundModelSupports {
    providers {
      id
      models { id supports { tools structuredOutput images } }
    }
  }
`);

const usesImages = (editor: EditorState) => editor.messages.some((m) => m.parts?.some((p) => p.kind === 'image'));

/**
 * What the chosen model takes, from its provider's settings, and a word
 * when the request uses what it does not (the provider may refuse it). Says
 * nothing about a model the settings do not list (a typed id).
 */
export function ModelSupportsNote({ editor }: { editor: EditorState }) {
  const [{ data }] = useQuery({ query: modelSupportsQuery });
  const { provider, model } = editor.model;
  const found = data?.providers.find((p) => p.id === provider)?.models.find((m) => m.id === model);
  if (!found) return null;
  const { tools, structuredOutput, images } = found.supports;
  const takes = [tools && 'tools', structuredOutput && 'structured output', images && 'images'].filter(Boolean);
  const lacks = [!tools && 'tools', !structuredOutput && 'structured output', !images && 'images'].filter(Boolean);
  const warnings = [
    !tools && editor.tools.definitions.trim() !== '' && 'tools',
    !structuredOutput && editor.responseFormat.type === 'json_schema' && 'a JSON schema response format',
    !images && usesImages(editor) && 'images',
  ].filter(Boolean);
  return (
    <>
      <p className="model-supports" data-testid="model-supports">
        {takes.length ? `Takes ${takes.join(', ')}` : 'Text only'}
        {lacks.length && takes.length ? `; not ${lacks.join(', ')}` : ''}.
      </p>
      {warnings.length > 0 && (
        <p className="model-supports model-supports--warn">
          This model is not set up for {warnings.join(' or ')}: the provider may refuse the request. Its settings are under Settings.
        </p>
      )}
    </>
  );
}
