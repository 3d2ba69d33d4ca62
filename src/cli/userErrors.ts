import { InspectionHostError } from '../actors/createInspection.js';
import { NatsConnectionError } from '../bus/nats/natsConnectionError.js';
import { NewsWindowError } from '../execution/tradingAuthorizer.js';
import { IndicatorConfigError } from '../indicators/indicatorConfigError.js';
import { MissingConversionError } from '../instruments/currencyConverter.js';
import { DataSourceConfigError } from '../market/createDataSource.js';
import { CsvFormatError } from '../market/csvFormatError.js';
import { InvalidBarError } from '../market/invalidBarError.js';
import { InvalidTimeframeError } from '../market/timeframeToMilliseconds.js';
import { UnknownSymbolError } from '../market/unknownSymbolError.js';
import { StoreIdentityError } from '../store/storeIdentityError.js';
import { StoreVersionError } from '../store/storeVersionError.js';
import { StoreUnavailableError } from '../store/tradingStore.js';
import { StrategyConfigError } from '../strategies/strategyConfigError.js';
import { TradingSystemHaltedError } from '../system/tradingSystem.js';

/**
 * Errors caused by what the user gave (data files, strategy parameters, timeframes, a server that is not
 * there): the CLI prints their message, which names the file, line, field or value, and exits 2 without a
 * stack trace.
 */
const userErrorClasses: ReadonlyArray<new (...args: never[]) => Error> = [
  CsvFormatError,
  DataSourceConfigError,
  InvalidBarError,
  InvalidTimeframeError,
  UnknownSymbolError,
  StrategyConfigError,
  IndicatorConfigError,
  NewsWindowError,
  InspectionHostError,
  NatsConnectionError,
  TradingSystemHaltedError,
  StoreIdentityError,
  StoreVersionError,
  StoreUnavailableError,
  MissingConversionError,
];

export function isUserError(error: unknown): error is Error {
  return userErrorClasses.some((errorClass) => error instanceof errorClass);
}

/** Node's own file errors for a path the user named. */
export function fileErrorMessage(error: unknown): string | undefined {
  const code = (error as { code?: string } | undefined)?.code;
  const path = (error as { path?: string } | undefined)?.path;
  if (code === 'ENOENT' && path) return `file not found: ${path}`;
  if (code === 'EACCES' && path) return `permission denied: ${path}`;
  if (code === 'EISDIR' && path) return `expected a file, got a directory: ${path}`;
  return undefined;
}
