/**
 * An empty array whose elements kind is already "objects" (packed, or holey like `new Array(n)` filled
 * later), as V8 sees it. A fresh `[]` starts as "small integers" and changes kind on its first object:
 * code optimised while a field only held arrays of objects (the first trading system's run) was deoptimised
 * ("wrong map") by the next system's fresh empty array in the same process (an optimiser worker runs one
 * system per trial). Behaves as `[]` in every other way.
 *
 * @example
 * ```ts
 * const orders = emptyObjectArray<WorkingOrder>();     // like [] later pushed to
 * let rows = emptyObjectArray<IndicatorRow>('holey'); // like the arrays appendRow makes
 * ```
 */
export function emptyObjectArray<T>(kind: 'packed' | 'holey' = 'packed'): T[] {
  // Storing undefined (not a small integer) moves the array to the object kind; emptying keeps the kind.
  const array: T[] = kind === 'holey' ? new Array<T>(1) : [undefined as T];
  array[0] = undefined as T;
  array.length = 0;
  return array;
}
