import { memo, useId, useState } from 'react';
import type { JsonProblem } from '../json-editor/JsonEditor';
import { CheckedJsonEditor } from './CheckedJsonEditor';
import { ContentParts } from './ContentParts';
import { issueAt, type Problem } from './run-input';
import { newKey, ROLES, toggleParts, type MessageDraft, type ToolCallDraft } from './session';

export interface MessageActions {
  change: (key: string, change: Partial<MessageDraft>) => void;
  remove: (key: string) => void;
  move: (key: string, by: -1 | 1) => void;
  editorProblems: (editor: string, problems: JsonProblem[]) => void;
}

interface MessageEditorProps {
  message: MessageDraft;
  index: number;
  count: number;
  /** Problems of this message only (`messages.<index>...`). */
  problems: readonly Problem[];
  actions: MessageActions;
}

const PLACEHOLDER: Record<string, string> = {
  system: 'You are a helpful assistant.',
  developer: 'Instructions the model follows above the user’s.',
  user: 'Ask the model something… Use {{name}} for a variable.',
  assistant: 'What the model said (or leave empty when it only called tools).',
  tool: 'The result of the call, usually JSON.',
};

function ToolCallsEditor({ name, at, calls, onChange, problems }: { name: string; at: string; calls: ToolCallDraft[]; onChange: (calls: ToolCallDraft[]) => void; problems: readonly Problem[] }) {
  const update = (key: string, change: Partial<ToolCallDraft>) => onChange(calls.map((c) => (c.key === key ? { ...c, ...change } : c)));
  return (
    <div className="message-calls">
      {calls.length > 0 && (
        <ol className="message-calls__list" aria-label={`${name} tool calls`}>
          {calls.map((call, i) => {
            const label = `${name}, tool call ${i + 1}`;
            const issue = issueAt(problems, `${at}.toolCalls.${i}`);
            return (
              <li key={call.key} className="message-call">
                <div className="message-call__fields">
                  <input aria-label={`${label} function name`} placeholder="function name" value={call.name} spellCheck={false} onChange={(e) => update(call.key, { name: e.target.value })} />
                  <input aria-label={`${label} id`} placeholder="call id" value={call.id} spellCheck={false} onChange={(e) => update(call.key, { id: e.target.value })} />
                  <button type="button" className="button--icon" aria-label={`Remove ${label}`} onClick={() => onChange(calls.filter((c) => c.key !== call.key))}>
                    ✕
                  </button>
                </div>
                <textarea
                  className="message__text message__text--code"
                  aria-label={`${label} arguments (JSON)`}
                  placeholder='{"city": "Paris"}'
                  spellCheck={false}
                  value={call.arguments}
                  onChange={(e) => update(call.key, { arguments: e.target.value })}
                />
                {issue && <p className="field-error">{issue}</p>}
              </li>
            );
          })}
        </ol>
      )}
      <button
        type="button"
        className="button--small"
        onClick={() => onChange([...calls, { key: newKey('c'), id: `call_${Math.random().toString(36).slice(2, 10)}`, name: '', arguments: '{}' }])}
      >
        Add tool call
      </button>
    </div>
  );
}

/**
 * One message: its role, its text or parts, and what its role carries (a
 * tool message the id of the call it answers, an assistant turn its calls).
 * Memoised: typing in one message renders that message only.
 */
export const MessageEditor = memo(function MessageEditor({ message, index, count, problems, actions }: MessageEditorProps) {
  const { key, role } = message;
  const name = `Message ${index + 1}`;
  const at = `messages.${index}`;
  const [more, setMore] = useState(message.name !== '' || message.extra !== '');
  const callIdId = useId();
  const nameId = useId();
  const change = (c: Partial<MessageDraft>) => actions.change(key, c);
  const ownIssue = problems.filter((p) => !p.quiet && (p.field === at || p.field === `${at}.content` || p.field === `${at}.role`)).map((p) => p.message);
  const roles: readonly string[] = ROLES.includes(role as (typeof ROLES)[number]) ? ROLES : [...ROLES, role];

  return (
    <li className={`message message--${role}`} data-testid="message" data-role={role} data-message-key={key}>
      <div className="message__head">
        <select className="message__role" aria-label={`${name} role`} data-testid="message-role" value={role} onChange={(e) => change({ role: e.target.value })}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <div className="message__actions">
          {message.parts === null ? (
            <button type="button" className="button--small" onClick={() => change({ content: null, parts: [...toggleParts(message).parts!, { key: newKey('p'), kind: 'image', imageUrl: '', detail: '' }] })}>
              Add image
            </button>
          ) : (
            message.parts.every((p) => p.kind === 'text') && (
              <button type="button" className="button--small" onClick={() => change(toggleParts(message))}>
                Plain text
              </button>
            )
          )}
          <button type="button" className="button--small" aria-expanded={more} aria-label={`${name}: more fields`} onClick={() => setMore(!more)}>
            More
          </button>
          <button type="button" className="button--icon" data-action="move-up" aria-label={`Move ${name.toLowerCase()} up`} disabled={index === 0} onClick={() => actions.move(key, -1)}>
            ↑
          </button>
          <button type="button" className="button--icon" data-action="move-down" aria-label={`Move ${name.toLowerCase()} down`} disabled={index === count - 1} onClick={() => actions.move(key, 1)}>
            ↓
          </button>
          <button type="button" className="button--icon button--danger" aria-label={`Remove ${name.toLowerCase()}`} onClick={() => actions.remove(key)}>
            ✕
          </button>
        </div>
      </div>

      {message.parts === null ? (
        <textarea
          className="message__text"
          aria-label={`${name} (${role})`}
          data-testid="message-content"
          value={message.content ?? ''}
          placeholder={PLACEHOLDER[role] ?? ''}
          onChange={(e) => change({ content: e.target.value })}
        />
      ) : (
        <ContentParts name={name} at={at} parts={message.parts} onChange={(parts) => change({ parts })} problems={problems} />
      )}

      {(role === 'tool' || message.toolCallId !== '') && (
        <div className="message__field">
          <label htmlFor={callIdId}>Answers call</label>
          <input
            id={callIdId}
            data-testid="message-tool-call-id"
            value={message.toolCallId}
            placeholder="call id"
            spellCheck={false}
            aria-invalid={issueAt(problems, `${at}.toolCallId`) ? true : undefined}
            onChange={(e) => change({ toolCallId: e.target.value })}
          />
          {issueAt(problems, `${at}.toolCallId`) && <span className="field-error">{issueAt(problems, `${at}.toolCallId`)}</span>}
        </div>
      )}

      {(role === 'assistant' || message.toolCalls.length > 0) && (
        <ToolCallsEditor name={name} at={at} calls={message.toolCalls} onChange={(toolCalls) => change({ toolCalls })} problems={problems} />
      )}

      {more && (
        <div className="message__more">
          <div className="message__field">
            <label htmlFor={nameId}>Name</label>
            <input id={nameId} value={message.name} placeholder="optional participant name" onChange={(e) => change({ name: e.target.value })} />
          </div>
          <div className="message__field message__field--stack">
            <span className="param__label">Other fields (JSON)</span>
            <CheckedJsonEditor
              label={`${name} other fields`}
              kind="json"
              rows={3}
              value={message.extra}
              onChange={(extra) => change({ extra })}
              onProblems={actions.editorProblems}
            />
            {issueAt(problems, `${at}.extra`) && <span className="field-error">{issueAt(problems, `${at}.extra`)}</span>}
          </div>
        </div>
      )}
      {ownIssue.length > 0 && <p className="field-error">{ownIssue.join('; ')}</p>}
    </li>
  );
});
