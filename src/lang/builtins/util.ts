// Helpers shared by several built-ins.

import { SERVICE_HINTS, type Services } from './env';
import type { BuiltinDef, CallContext, ParamSpec } from './types';

/**
 * A Datakit function this implementation deliberately does not run: the check fails with why,
 * and with what to do instead.
 */
export function rejected(name: string, params: ParamSpec[], returns: string, doc: string, why: string, instead: string, exampleScript: string): BuiltinDef {
  return {
    name,
    params,
    returns,
    doc,
    rejected: { why, instead },
    examples: [{ title: 'rejected at check time', script: exampleScript, input: 'x', env: { checkError: 'is not supported here' } }],
    compile() {
      return () => null;
    },
  };
}

/** `table[key]` for the table's own entries only: "constructor" or "__proto__" are not in any table. */
export function lookupOwn<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/**
 * The service a built-in needs, or undefined after reporting, at the call, that the application
 * has not provided it: `what` it needs and the setting that provides it.
 */
export function needs<K extends keyof typeof SERVICE_HINTS>(cx: CallContext, service: K, what: string): NonNullable<Services[K]> | undefined {
  const s = cx.services[service];
  if (s) return s as NonNullable<Services[K]>;
  cx.error(cx.call.namePos, `${cx.call.name}() needs ${what}`, SERVICE_HINTS[service]);
  return undefined;
}
