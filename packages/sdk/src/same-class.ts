/**
 * `value instanceof cls`, or an instance of the class of the same name from another copy of the
 * openai package. A CommonJS app that `require`s openai and this ES module gets two copies (the
 * package ships both builds), whose classes `instanceof` does not recognize across.
 */
export function isA<T>(value: unknown, cls: abstract new (...args: never[]) => T): value is T {
  if (value instanceof cls) return true;
  if (value === null || typeof value !== 'object') return false;
  for (let proto: object | null = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === cls.name) return true;
  }
  return false;
}
