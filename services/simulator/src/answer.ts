import { hash32, seededRandom, WORDS } from './deterministic.js';
import { messageText, type ChatRequestLike } from './messages.js';
import { DEFAULT_SIM_OPTIONS, markerOptions } from './options.js';

/** The first tokens of every text answer, so a simulated reply is recognisable as one. */
const LEAD_IN = ['Simulated', ' answer'] as const;

export interface SimulatedAnswer {
  /** One entry per streamed chunk: the first bare, the rest with a leading space. */
  tokens: string[];
  /** `tokens.join('')`. */
  text: string;
}

export interface SimulatedAnswerOptions {
  /**
   * Token count before the prompt is read: the server's default or the
   * `x-sim-tokens` header. A `[sim tokens=N]` marker in the messages still
   * wins, exactly as on the server.
   * @default 16
   */
  tokens?: number;
}

/**
 * The text the simulator answers `body` with: a pure function of the messages
 * (roles and text), never of time, model or randomness, so a test can compute
 * the exact expected output. A request cut short by `max_tokens` gets the first
 * `max_tokens` of these tokens.
 */
export function simulatedAnswer(body: ChatRequestLike, options: SimulatedAnswerOptions = {}): SimulatedAnswer {
  const count = markerOptions(body.messages).tokens ?? options.tokens ?? DEFAULT_SIM_OPTIONS.tokens;
  // \u0000 and \u0001 cannot be typed into a prompt, so distinct conversations
  // cannot produce the same key by shifting text between messages.
  const key = body.messages.map((m) => `${m.role}\u0000${messageText(m)}`).join('\u0001');
  const random = seededRandom(hash32(key));
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(LEAD_IN[i] ?? ` ${WORDS[Math.floor(random() * WORDS.length)]}`);
  }
  if (count > LEAD_IN.length) tokens[count - 1] += '.';
  return { tokens, text: tokens.join('') };
}
