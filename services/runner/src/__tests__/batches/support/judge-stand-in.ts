import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A judge model for the runner's tests: an OpenAI-compatible server that
 * answers every (non-streaming) chat completion with a verdict as JSON
 * content, and keeps the raw bodies it received.
 */
export interface JudgeStandIn {
  /** Base URL ending in /v1. */
  url: string;
  bodies: string[];
  /** The verdict for a received body. @default score 0.75 */
  verdict: (body: string) => { score: number; reason: string };
  usage: { prompt_tokens: number; completion_tokens: number };
  close(): Promise<void>;
}

export async function startJudgeStandIn(): Promise<JudgeStandIn> {
  const judge: JudgeStandIn = {
    url: '',
    bodies: [],
    verdict: () => ({ score: 0.75, reason: 'close to the original' }),
    usage: { prompt_tokens: 100, completion_tokens: 20 },
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const piece of req) chunks.push(piece as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    judge.bodies.push(body);
    const request = JSON.parse(body) as { model: string };
    const { prompt_tokens, completion_tokens } = judge.usage;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-judge-${judge.bodies.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.model,
        choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(judge.verdict(body)) }, finish_reason: 'stop' }],
        usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens },
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  judge.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  judge.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return judge;
}
