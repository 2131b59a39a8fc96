/** `temoin/server`: what a site's server needs from Témoin. Never part of the browser bundle. */
export { regionFromHeaders, type HeaderSource } from './region';
export { createLedger, type Ledger, type LedgerOptions } from './create-ledger';
export type { ConnectionInfo } from './adapters';
