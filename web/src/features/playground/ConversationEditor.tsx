import { memo, useCallback, useMemo } from 'react';
import type { JsonProblem } from '../json-editor/JsonEditor';
import { MessageEditor, type MessageActions } from './MessageEditor';
import { inputField, type Problem } from './run-input';
import { insertMessage, moveMessage, removeMessage, updateMessage, type EditorState, type MessageDraft } from './session';
import './editor.css';

interface ConversationEditorProps {
  messages: MessageDraft[];
  problems: readonly Problem[];
  onEdit: (change: (editor: EditorState) => EditorState) => void;
  onEditorProblems: (editor: string, problems: JsonProblem[]) => void;
}

/** After a move, the moved message's button keeps the focus (React may have moved its node, which drops focus). */
function refocus(key: string, by: -1 | 1) {
  requestAnimationFrame(() => {
    const item = document.querySelector(`[data-message-key="${CSS.escape(key)}"]`);
    const wanted = item?.querySelector<HTMLButtonElement>(`[data-action="${by < 0 ? 'move-up' : 'move-down'}"]`);
    const other = item?.querySelector<HTMLButtonElement>(`[data-action="${by < 0 ? 'move-down' : 'move-up'}"]`);
    (wanted && !wanted.disabled ? wanted : other)?.focus();
  });
}

/** Each message's problems, found once per change so that a message whose problems did not change is not rendered again. */
function problemsByMessage(problems: readonly Problem[], count: number): Problem[][] {
  const byIndex: Problem[][] = Array.from({ length: count }, () => []);
  for (const p of problems) {
    const match = /^messages\.(\d+)(\.|$)/.exec(inputField(p.field));
    if (match) byIndex[Number(match[1])]?.push(p);
  }
  return byIndex;
}

const NONE: Problem[] = [];

/** The conversation: messages of every role, added, removed, moved and edited in place. */
export const ConversationEditor = memo(function ConversationEditor({ messages, problems, onEdit, onEditorProblems }: ConversationEditorProps) {
  const actions: MessageActions = useMemo(
    () => ({
      change: (key, change) => onEdit((editor) => updateMessage(editor, key, change)),
      remove: (key) => onEdit((editor) => removeMessage(editor, key)),
      move: (key, by) => {
        onEdit((editor) => moveMessage(editor, key, by));
        refocus(key, by);
      },
      editorProblems: onEditorProblems,
    }),
    [onEdit, onEditorProblems],
  );
  const add = useCallback(() => {
    let added = '';
    onEdit((editor) => {
      const { editor: next, key } = insertMessage(editor, null);
      added = key;
      return next;
    });
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-message-key="${CSS.escape(added)}"] textarea`)?.focus());
  }, [onEdit]);

  const byMessage = useStableLists(problemsByMessage(problems, messages.length));
  const general = problems.filter((p) => inputField(p.field) === 'messages');

  return (
    <section className="conversation" aria-labelledby="conversation-heading">
      <h2 id="conversation-heading" className="section-title">
        Conversation
      </h2>
      {messages.length === 0 && <p className="empty-note">No messages yet. Add one to start the conversation.</p>}
      <ol className="conversation__list" aria-label="Messages">
        {messages.map((message, index) => (
          <MessageEditor key={message.key} message={message} index={index} count={messages.length} problems={byMessage[index] ?? NONE} actions={actions} />
        ))}
      </ol>
      {general.length > 0 && <p className="field-error">{general.map((p) => p.message).join('; ')}</p>}
      <button type="button" className="button--secondary conversation__add" data-testid="add-message" onClick={add}>
        Add message
      </button>
    </section>
  );
});

const sameList = (a: readonly Problem[], b: readonly Problem[]) => a.length === b.length && a.every((p, i) => p.field === b[i]!.field && p.message === b[i]!.message);

/** The previous lists where their contents are the same, so that memoised messages see the same props. */
function useStableLists(lists: Problem[][]): Problem[][] {
  const previous = useMemo(() => ({ current: [] as Problem[][] }), []);
  const stable = lists.map((list, i) => {
    const before = previous.current[i];
    if (list.length === 0) return NONE;
    return before && sameList(before, list) ? before : list;
  });
  previous.current = stable;
  return stable;
}
