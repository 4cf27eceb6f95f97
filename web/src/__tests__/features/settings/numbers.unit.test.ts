import { formatPrice, parseLimit, parsePrice, priceText } from '../../../features/settings/providers/numbers';

describe('parsePrice', () => {
  it.each([
    ['0.15', 0.15],
    ['2', 2],
    ['$2.50', 2.5],
    ['$ 10', 10],
    ['.5', 0.5],
    ['0,15', 0.15],
    ['  1.25 ', 1.25],
    ['0', 0],
  ])('reads %p as %p dollars per million tokens', (text, value) => {
    expect(parsePrice(text)).toEqual({ ok: true, value });
  });

  it('reads empty as unknown (null)', () => {
    expect(parsePrice('  ')).toEqual({ ok: true, value: null });
  });

  it.each([['abc'], ['1.2.3'], ['1,000.5'], ['1e3'], ['--1']])('refuses %p with an example', (text) => {
    expect(parsePrice(text)).toEqual({ ok: false, message: 'Write a price in dollars, e.g. 0.15' });
  });

  it('says a negative price cannot be', () => {
    expect(parsePrice('-0.5')).toEqual({ ok: false, message: 'A price cannot be negative' });
  });
});

describe('prices shown', () => {
  it('with at least cents and the digits of a fraction of a cent', () => {
    expect(formatPrice(2.5)).toBe('$2.50');
    expect(formatPrice(0.075)).toBe('$0.075');
    expect(formatPrice(0)).toBe('$0.00');
    expect(formatPrice(null)).toBe('—');
  });

  it('as plain digits in inputs, nothing for unknown', () => {
    expect(priceText(0.15)).toBe('0.15');
    expect(priceText(null)).toBe('');
  });
});

describe('parseLimit', () => {
  it('reads whole numbers above 0, with thousands separators', () => {
    expect(parseLimit('600')).toEqual({ ok: true, value: 600 });
    expect(parseLimit('10,000')).toEqual({ ok: true, value: 10_000 });
    expect(parseLimit('')).toEqual({ ok: true, value: null });
  });

  it('refuses zero, fractions, words, and what GraphQL cannot carry as an Int', () => {
    for (const text of ['0', '2.5', 'fast', '-3']) expect(parseLimit(text)).toEqual({ ok: false, message: 'A whole number above 0, or empty for no limit' });
    expect(parseLimit('99999999999')).toEqual({ ok: false, message: 'Too large a number' });
  });
});
