/**
 * Memory pressure, process-wide (resident memory is the process's, not one pipeline's): buffers
 * that hold data back in memory register here, and `memory_limiter` reports whether memory is
 * above its soft limit. Under pressure a holder lets go of what it holds and holds nothing new.
 * Ground floor: imports nothing.
 */

export interface MemoryHolder {
  /** Bytes held now (an estimate), reported by memory_limiter when it goes over its limit. */
  heldBytes(): number;
  /** Called when memory goes above a limiter's soft limit: release what is held. */
  relieve(): void;
}

const holders = new Set<MemoryHolder>();
/** Limiters (any object identifying one) that see memory above their soft limit. */
const pressing = new Set<object>();

/** Registers a holder; returns the function that unregisters it. */
export function holdMemory(h: MemoryHolder): () => void {
  holders.add(h);
  return () => holders.delete(h);
}

/** A limiter's latest reading; entering pressure relieves every holder. */
export function reportPressure(source: object, high: boolean): void {
  const was = pressing.size > 0;
  if (high) pressing.add(source);
  else pressing.delete(source);
  if (!was && pressing.size > 0) for (const h of holders) h.relieve();
}

/** True while some limiter sees memory above its soft limit. */
export function underPressure(): boolean {
  return pressing.size > 0;
}

/** Bytes all holders report holding. */
export function heldBytes(): number {
  let n = 0;
  for (const h of holders) n += h.heldBytes();
  return n;
}
