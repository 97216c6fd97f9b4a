// Helpers shared by several built-ins.

import type { BuiltinDef, ParamSpec } from './types';

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
