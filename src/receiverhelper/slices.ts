/**
 * Decoding in slices: decoders are generators that pause every few hundred items, so a large
 * body is decoded a few milliseconds at a time while `/info`, health checks and other clients
 * are served in between, instead of one long block of the event loop.
 */

/** Work that pauses (yields) between items and finally returns `T`. */
export type Steps<T> = Generator<void, T, void>;

/** How many items a decoder handles between pauses: checking the clock is cheap at this rate. */
export const ITEMS_PER_STEP = 256;

/** Longest a decode holds the event loop before letting other work run. */
const SLICE_MS = 10;

/** Runs the steps to the end without pausing (tests, benchmarks, small bodies). */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs one slice; undefined when the work is not finished yet. */
function runSlice<T>(steps: Steps<T>): { value: T } | undefined {
  const until = performance.now() + SLICE_MS;
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value };
    if (performance.now() >= until) return undefined;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The one lane long decodes take turns in, process-wide: the CPU is shared anyway, and decoding
 * large bodies one after another bounds the memory of half-decoded bodies to one at a time.
 */
let lane: Promise<void> = Promise.resolve();

/**
 * Runs the steps in slices of ~10 ms. Work that finishes within its first slice (nearly every
 * body) runs at once; longer work waits for the lane, then continues a slice per event-loop
 * turn. `beforeResume` runs when the work resumes after waiting for the lane (a memory check:
 * memory may have grown while it waited); throwing there abandons the work.
 */
export async function runSliced<T>(steps: Steps<T>, beforeResume?: () => void): Promise<T> {
  const first = runSlice(steps);
  if (first) return first.value;
  const previous = lane;
  let release!: () => void;
  lane = new Promise((resolve) => (release = resolve));
  try {
    await previous;
    beforeResume?.();
    for (;;) {
      await nextTurn();
      const done = runSlice(steps);
      if (done) return done.value;
    }
  } finally {
    release();
    steps.return(undefined as never);
  }
}
