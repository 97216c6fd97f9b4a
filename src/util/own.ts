/**
 * Keys that come from data (wire attributes, script fields) are set as own properties: a key
 * `__proto__` must stay a plain key, never a prototype change. The one setter for that rule.
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
