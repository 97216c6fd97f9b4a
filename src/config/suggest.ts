/** The config errors' wording of "did you mean"; what counts as a typo is `src/util/suggest.ts`'s one rule. */
import { nearest } from '../util/suggest';

/** `; did you mean "x"?` for the nearest candidate, or '' when none is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const n = nearest(word, candidates);
  return n ? `; did you mean "${n}"?` : '';
}
