import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The digits of a 64-bit integer, as a string; refused otherwise. */
function digits(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || !/^-?\d{1,20}$/.test(text)) throw new GraphQLError('Int64: give an integer, or a string of its digits');
  const n = BigInt(text);
  if (n < INT64_MIN || n > INT64_MAX) throw new GraphQLError('Int64: outside the 64-bit range');
  return n.toString();
}

/**
 * A 64-bit integer (a seed) as the digits of a string: JSON numbers beyond
 * 2^53 lose digits in every JavaScript client, so it is written as a string;
 * read from an Int literal (any size: the literal keeps its digits) or a string.
 */
export const Int64Scalar = new GraphQLScalarType({
  name: 'Int64',
  serialize: (value) => digits(typeof value === 'bigint' ? value.toString() : value),
  parseValue: digits,
  parseLiteral(ast) {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return digits(ast.value);
    throw new GraphQLError('Int64: give an integer, or a string of its digits');
  },
});
