import type { Redis } from 'ioredis';

/** What is published on `channel` from now on, as a subscriber in another process hears it. */
export async function listen(redis: Redis, channel: string): Promise<{ heard: string[]; close(): void }> {
  const subscriber = redis.duplicate();
  const heard: string[] = [];
  subscriber.on('message', (_channel: string, message: string) => heard.push(message));
  await subscriber.subscribe(channel);
  return { heard, close: () => subscriber.disconnect() };
}
