/**
 * "did you mean X?" for misspelt keys, fault types and enum values: the
 * closest candidate by Levenshtein distance, when it is close enough that the
 * suggestion helps rather than puzzles.
 */
import { closest, distance } from 'fastest-levenshtein';

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === '') return undefined;
  const lower = word.toLowerCase();
  const sameButCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameButCase !== undefined) return sameButCase;
  const best = closest(word, [...candidates]);
  // About one edit per three letters, and two for short words so a swap (`nmae`) counts:
  // `sucessRate` → `successRate`, but `foo` suggests nothing.
  const longest = Math.max(word.length, best.length);
  const budget = longest <= 3 ? 1 : Math.max(2, Math.floor(longest / 3));
  return distance(lower, best.toLowerCase()) <= budget ? best : undefined;
}

/** ` (did you mean "X"?)`, or nothing. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const best = didYouMean(word, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}
