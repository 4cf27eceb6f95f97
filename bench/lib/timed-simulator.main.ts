import { epochMs } from './stats.js';
import { startTimedSimulator, type ChildMessage, type ChildRequest } from './timed-simulator.js';

/**
 * The timed simulator as a process of its own (started by `forkTimedSimulator`):
 * listens on the port given as the first argument, then answers the bench's
 * IPC requests (reset, dump, clock) until it is killed or the bench goes away.
 */

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || !process.send) {
  process.stderr.write('usage: forked by forkTimedSimulator with the port as argument\n');
  process.exit(2);
}
const send = (message: ChildMessage) => process.send!(message);

const timed = await startTimedSimulator(port);

process.on('message', (request: ChildRequest) => {
  switch (request.type) {
    case 'reset':
      timed.reset();
      send({ type: 'reply', id: request.id });
      break;
    case 'dump':
      send({ type: 'reply', id: request.id, responses: timed.responses });
      break;
    case 'clock':
      send({ type: 'reply', id: request.id, at: epochMs() });
      break;
  }
});
// The bench died or closed the channel: nothing will read our logs any more.
process.once('disconnect', () => process.exit(0));
process.once('SIGTERM', () => void timed.close().finally(() => process.exit(0)));
send({ type: 'ready' });
