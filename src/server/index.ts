/** `temoin/server`: what a site's server needs from Témoin. Never part of the browser bundle. */
export { regionFromHeaders, type HeaderSource } from './region';
