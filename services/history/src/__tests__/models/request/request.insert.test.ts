import mongoose from 'mongoose';
import { COMMAND_BUDGET, InsertError, insertUnordered, textSize } from '../../../models/request/request.insert.js';
import { MONGO_URL, testDbName } from '../../support/isolation.js';

describe('insert commands', () => {
  let db: { connection: mongoose.Connection; drop(): Promise<void> };
  /** The insert commands sent, by collection. */
  const sent: string[] = [];
  beforeAll(async () => {
    const connection = await mongoose.createConnection(MONGO_URL, { dbName: testDbName(), monitorCommands: true }).asPromise();
    connection.getClient().on('commandStarted', (e) => {
      if (e.commandName === 'insert') sent.push(e.command.insert as string);
    });
    db = { connection, drop: async () => (await connection.dropDatabase(), await connection.close()) };
  });
  afterAll(() => db.drop());

  const target = (name: string) => ({ db: db.connection, collection: { collectionName: name } });
  const stored = async (name: string) => (await db.connection.collection(name).find().sort({ _id: 1 }).toArray()).map((d) => d._id as unknown as string);

  it('stores every document, and reports a repeated id after storing the rest', async () => {
    await insertUnordered(target('one_command'), [{ _id: 'a', n: 1 }]);
    const err = await insertUnordered(target('one_command'), [{ _id: 'b' }, { _id: 'a' }, { _id: 'c' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsertError);
    expect((err as InsertError).code).toBe(11000);
    expect((err as InsertError).writeErrors.map((e) => e.index)).toEqual([1]);
    expect(await stored('one_command')).toEqual(['a', 'b', 'c']);
  });

  it('splits what is over the budget into commands, and names refusals by their place in the whole', async () => {
    await insertUnordered(target('split'), [{ _id: 'k2' }]);
    // Each document takes over half the budget: one command each.
    const docs = ['k0', 'k1', 'k2', 'k3'].map((_id) => ({ _id }));
    const err = await insertUnordered(target('split'), docs, () => COMMAND_BUDGET / 2 + 1).catch((e: unknown) => e);
    expect((err as InsertError).writeErrors.map((e) => [e.index, e.code])).toEqual([[2, 11000]]);
    expect(await stored('split')).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(sent.filter((name) => name === 'split')).toHaveLength(5);
    expect(sent.filter((name) => name === 'one_command')).toHaveLength(2);
  });

  it('estimates a document by the length of its text, not its characters', () => {
    const small = textSize({ _id: 'x', body: 'hi' });
    const large = textSize({ _id: 'x', body: 'é'.repeat(10_000), packed: Buffer.alloc(5000), at: new Date(), tags: ['a', 'b'] });
    expect(large - small).toBeGreaterThanOrEqual(15_000);
    expect(large).toBeLessThan(16_000);
  });
});
