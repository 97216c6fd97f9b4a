/** One way to wait for a promise with a time limit, so timers are always cleared. */

/**
 * Resolves true when `p` settles within `ms`, false when the time runs out first. A rejection of `p`
 * is passed on. The timer is cleared either way, so it never keeps the process alive.
 */
export async function withDeadline(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}
