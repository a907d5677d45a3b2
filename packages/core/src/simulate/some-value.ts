/**
 * `asArray(value).some(test)` without building an array: the evaluator's hot loops run this for
 * every Action, Resource and Principal element.
 */
export function someValue<T>(value: T | readonly T[] | undefined, test: (item: T) => boolean): boolean {
  if (value === undefined) return false;
  if (!Array.isArray(value)) return test(value as T);
  for (let i = 0; i < value.length; i++) if (test(value[i] as T)) return true;
  return false;
}
