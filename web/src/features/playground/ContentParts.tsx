import { useId, useState } from 'react';
import { issueAt, type Problem } from './run-input';
import { newKey, type PartDraft } from './session';

interface ContentPartsProps {
  /** "Message 2", for the parts' labels. */
  name: string;
  /** The message's field path, `messages.1`, for its problems. */
  at: string;
  parts: PartDraft[];
  onChange: (parts: PartDraft[]) => void;
  problems: readonly Problem[];
}

/** Whether the browser can show the URL as an image: a web address or an image data URL. */
const previewable = (url: string) => /^https?:\/\/\S+$/i.test(url.trim()) || /^data:image\//i.test(url.trim());

function ImagePreview({ url }: { url: string }) {
  // Keyed by URL by the caller, so a new address gets a fresh try.
  const [failed, setFailed] = useState(false);
  if (!previewable(url)) return <p className="part__note">{url.trim() ? 'No preview: give an http(s) or data:image URL.' : 'Paste an image URL to see it here.'}</p>;
  if (failed) return <p className="part__note">The image could not be loaded here; the provider may still reach it.</p>;
  return <img className="part__preview" src={url.trim()} alt="Preview of the image part" onError={() => setFailed(true)} />;
}

function PartSummary({ part }: { part: PartDraft }) {
  switch (part.kind) {
    case 'audio':
      return (
        <p className="part__summary">
          Audio ({part.format}, {Math.round((part.data.length * 3) / 4 / 1024)} KB), sent as loaded.
        </p>
      );
    case 'file':
      return <p className="part__summary">File {part.filename || part.fileId || '(inline data)'}, sent as loaded.</p>;
    case 'raw':
      return (
        <div className="part__summary">
          <p>
            A <code>{part.type}</code> part, sent whole as loaded:
          </p>
          <pre className="part__raw">{JSON.stringify(part.raw, null, 2)}</pre>
        </div>
      );
    default:
      return null;
  }
}

/** A message's content as a list of parts: text, images by URL (with a preview), and loaded parts of other kinds. */
export function ContentParts({ name, at, parts, onChange, problems }: ContentPartsProps) {
  const detailId = useId();
  const update = (key: string, change: Partial<PartDraft>) => onChange(parts.map((p) => (p.key === key ? ({ ...p, ...change } as PartDraft) : p)));
  const remove = (key: string) => onChange(parts.filter((p) => p.key !== key));

  return (
    <div className="parts">
      <ol className="parts__list" aria-label={`${name} content parts`}>
        {parts.map((part, i) => {
          const label = `${name}, part ${i + 1}`;
          const issue = issueAt(problems, `${at}.parts.${i}`);
          return (
            <li key={part.key} className={`part part--${part.kind}`}>
              <div className="part__head">
                <span className="part__kind">{part.kind === 'image' ? 'Image URL' : part.kind === 'raw' ? part.type : part.kind}</span>
                <button type="button" className="button--icon" aria-label={`Remove ${label}`} onClick={() => remove(part.key)}>
                  ✕
                </button>
              </div>
              {part.kind === 'text' && (
                <textarea
                  className="message__text"
                  aria-label={`${label} (text)`}
                  data-testid="part-text"
                  value={part.text}
                  placeholder="Text…"
                  onChange={(e) => update(part.key, { text: e.target.value })}
                />
              )}
              {part.kind === 'image' && (
                <div className="part__image">
                  <div className="part__image-fields">
                    <input
                      aria-label={`${label} (image URL)`}
                      data-testid="part-image-url"
                      value={part.imageUrl}
                      placeholder="https://… or data:image/png;base64,…"
                      spellCheck={false}
                      onChange={(e) => update(part.key, { imageUrl: e.target.value })}
                    />
                    <label className="visually-hidden" htmlFor={`${detailId}-${part.key}`}>
                      {`${label} detail`}
                    </label>
                    <select id={`${detailId}-${part.key}`} value={part.detail} onChange={(e) => update(part.key, { detail: e.target.value })}>
                      <option value="">detail: default</option>
                      <option value="auto">detail: auto</option>
                      <option value="low">detail: low</option>
                      <option value="high">detail: high</option>
                    </select>
                  </div>
                  <ImagePreview key={part.imageUrl} url={part.imageUrl} />
                </div>
              )}
              <PartSummary part={part} />
              {issue && <p className="field-error">{issue}</p>}
            </li>
          );
        })}
      </ol>
      <div className="parts__actions">
        <button type="button" className="button--small" onClick={() => onChange([...parts, { key: newKey('p'), kind: 'text', text: '' }])}>
          Add text
        </button>
        <button type="button" className="button--small" onClick={() => onChange([...parts, { key: newKey('p'), kind: 'image', imageUrl: '', detail: '' }])}>
          Add image URL
        </button>
      </div>
    </div>
  );
}
