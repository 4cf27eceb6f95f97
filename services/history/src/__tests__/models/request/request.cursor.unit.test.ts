import { decodeCursor, encodeCursor } from '../../../models/request/request.cursor.js';

describe('list cursors', () => {
  it('decode to the position they were made from', () => {
    const startedAt = new Date('2025-03-01T12:00:00.123Z');
    expect(decodeCursor(encodeCursor({ startedAt, _id: 'x-1|2' }))).toEqual({ startedAt, id: 'x-1' });
    expect(decodeCursor(encodeCursor({ startedAt, _id: 'abc' }))).toEqual({ startedAt, id: 'abc' });
  });

  it.each([
    ['garbage', 'garbage'],
    ['no id', Buffer.from('2025-03-01T12:00:00.000Z|').toString('base64url')],
    ['no date', Buffer.from('yesterday|abc').toString('base64url')],
    ['empty', ''],
  ])('are refused when not written here: %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
