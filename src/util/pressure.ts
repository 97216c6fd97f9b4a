/**
 * Memory pressure, process-wide (resident memory is the process's, not one pipeline's). Every
 * running `memory_limiter` publishes itself here; receivers ask before they decode a request, and
 * buffers that hold data back in memory (log records waiting for their trace) register so they let
 * go of it when a limiter goes over its soft limit. Ground floor: imports nothing.
 */

export interface MemoryHolder {
  /** Bytes held now (an estimate), reported by memory_limiter when it goes over its limit. */
  heldBytes(): number;
  /** Called when memory goes above a limiter's soft limit: release what is held. */
  relieve(): void;
}

export interface PressureSource {
  /** True while memory is above this limiter's soft limit (it may take a fresh reading). */
  overLimit(): boolean;
}

const holders = new Set<MemoryHolder>();
const sources = new Set<PressureSource>();
/** Limiters (any object identifying one) whose latest reading was above their soft limit. */
const pressing = new Set<object>();

/** Registers a holder; returns the function that unregisters it. */
export function holdMemory(h: MemoryHolder): () => void {
  holders.add(h);
  return () => holders.delete(h);
}

/** Publishes a limiter until the returned function is called (its start/shutdown). */
export function publishPressure(source: PressureSource): () => void {
  sources.add(source);
  return () => {
    sources.delete(source);
    pressing.delete(source);
  };
}

/** A limiter's latest reading; entering pressure relieves every holder. */
export function reportPressure(source: object, high: boolean): void {
  const was = pressing.size > 0;
  if (high) pressing.add(source);
  else pressing.delete(source);
  if (!was && pressing.size > 0) for (const h of holders) h.relieve();
}

/** True while some limiter's latest reading was above its soft limit (no new reading). */
export function underPressure(): boolean {
  return pressing.size > 0;
}

/** Asks every published limiter now (each may take a fresh reading): is any over its limit? */
export function overLimitNow(): boolean {
  for (const s of sources) if (s.overLimit()) return true;
  return false;
}

/** Bytes all holders report holding. */
export function heldBytes(): number {
  let n = 0;
  for (const h of holders) n += h.heldBytes();
  return n;
}
