/**
 * Attribute keys come from the wire: `__proto__` must become a plain key, never a prototype
 * change. The OTLP decoders' name for the one own-key setter.
 */
export { setOwn as setKey } from '../util/own';
