// Helpers shared by several built-ins.

import type { BuiltinDef, ParamSpec } from './types';

/** A Datakit function that depends on services or data this library does not have: rejected at check time. */
export function unavailable(name: string, params: ParamSpec[], returns: string, doc: string, requires: string, exampleScript: string): BuiltinDef {
  return {
    name,
    params,
    returns,
    doc,
    requires,
    examples: [{ title: 'rejected at check time', script: exampleScript, input: 'x' }],
    compile() {
      return () => null;
    },
  };
}

/** `table[key]` for the table's own entries only: "constructor" or "__proto__" are not in any table. */
export function lookupOwn<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
