/**
 * Why `canEnter` refused.
 *
 * @example
 * ```ts
 * const candleTime = Date.UTC(2025, 0, 6, 10, 0);
 * const entries = new EntryManager({ cooldownBars: 1 });
 * const permission = entries.canEnter('EURUSD', 'ema_cross', candleTime, entries.barIndex('EURUSD', '1'));
 * if (!permission.allowed) console.log(permission.reason satisfies EntryBlockReason);
 * ```
 */
export type EntryBlockReason = 'position_open' | 'entry_pending' | 'same_candle' | 'cooldown';
/**
 * Answer of `canEnter`; shared constant objects, so the per-candle check allocates nothing.
 *
 * @example
 * ```ts
 * const candleTime = Date.UTC(2025, 0, 6, 10, 0);
 * const entries = new EntryManager({ cooldownBars: 1 });
 * const permission: EntryPermission = entries.canEnter('EURUSD', 'ema_cross', candleTime, entries.barIndex('EURUSD', '1'));
 * ```
 */
export type EntryPermission =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: EntryBlockReason };
