/**
 * Narrows a subscription to one symbol: the consumer filters on `<prefix>.<type>.<symbol>`.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const natsBus = await NatsEventBus.connect(config.event_bus, { consumerName: 'eurusd', logger: pino() });
 * const onCandle = (event: EventOf<'NewCandleEvent'>) => console.log(event.bar.close);
 * const only: NatsSubscribeOptions = { symbol: 'EURUSD' };
 * natsBus.subscribe('NewCandleEvent', onCandle, only); // only EURUSD candles reach this process
 * ```
 */
export interface NatsSubscribeOptions {
  symbol?: string;
}
