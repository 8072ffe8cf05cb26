import type { PodReading } from '../model/readings.js';

/**
 * How many changed pods a renderer reads from the model at once. Readings of
 * thousands of pods taken together live until the last is rendered, long
 * enough to outlive V8's young-generation collections and fill the old
 * generation with garbage; a few hundred at a time die young.
 */
export const READ_BATCH = 256;

/**
 * Reads the pods of `items` (by their keys) READ_BATCH at a time and visits
 * each reading with its item and the item's index in `items`.
 */
export function readInBatches<T extends { readonly key: string }>(
  items: readonly T[],
  podsByKey: (keys: readonly string[]) => PodReading[],
  visit: (pod: PodReading, item: T, index: number) => void,
): void {
  for (let from = 0; from < items.length; from += READ_BATCH) {
    const part = items.slice(from, from + READ_BATCH);
    const read = podsByKey(part.map((x) => x.key));
    // A pod is in both lists unless the model changed between the two calls, which it cannot (one thread).
    if (read.length !== part.length) throw new Error(`read ${read.length} of ${part.length} changed pods`);
    for (let i = 0; i < read.length; i++) visit(read[i]!, part[i]!, from + i);
  }
}
