import type { ChatMessage } from './useRequestDetail';

/** A message's text: its content, else its text parts joined. */
function messageText(message: ChatMessage): string {
  if (message.content != null) return message.content;
  return (message.parts ?? [])
    .filter((part) => part.type === 'text' && part.text != null)
    .map((part) => part.text)
    .join('\n');
}

/** The conversation as sent, one bubble per message, its role above it. */
export function ChatView({ messages }: { messages: ChatMessage[] }) {
  if (messages.length === 0) return <p className="placeholder">The request has no messages.</p>;
  return (
    <ol className="chat" aria-label="Conversation">
      {messages.map((message, index) => {
        const text = messageText(message);
        const images = (message.parts ?? []).filter((part) => part.type === 'image_url' && part.imageUrl);
        const others = (message.parts ?? []).filter((part) => part.type !== 'text' && part.type !== 'image_url');
        return (
          <li key={index} className={`chat__message chat__message--${message.role}`}>
            <p className="chat__role">
              {message.role}
              {message.name && <span className="chat__name"> · {message.name}</span>}
              {message.toolCallId && <span className="chat__name"> · result of {message.toolCallId}</span>}
            </p>
            {text && <p className="chat__text">{text}</p>}
            {images.map((part, i) => (
              <a key={i} className="chat__image" href={part.imageUrl!} target="_blank" rel="noreferrer">
                Image: {part.imageUrl!.startsWith('data:') ? 'inline data' : part.imageUrl}
              </a>
            ))}
            {others.map((part, i) => (
              <p key={i} className="chat__part">
                [{part.type} part]
              </p>
            ))}
            {(message.toolCalls ?? []).map((call) => (
              <pre key={call.id} className="tool-call">
                <code>
                  <span className="tool-call__name">{call.name}</span>({call.arguments})
                </code>
              </pre>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
