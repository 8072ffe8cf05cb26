/**
 * A set of pods a step must visit, handed out in creation order (the pods
 * map's order), so a step that visits only some pods visits them in the
 * order a walk over every pod would, and the model stays deterministic.
 *
 * New pods are the usual arrivals and come in creation order already; only
 * an older pod coming back (a container died, a value crossed a limit) makes
 * the next visit sort, so a churn storm pays for no sort at all.
 */
import type { PodState } from './state.js';

export class PodWatch {
  private set = new Set<PodState>();
  /** The creation order of the last pod, while the set's insertion order is creation order. */
  private tail = -1;
  private sorted = true;

  get size(): number {
    return this.set.size;
  }

  add(pod: PodState): void {
    if (this.set.has(pod)) return;
    if (pod.order < this.tail) this.sorted = false;
    else this.tail = pod.order;
    this.set.add(pod);
  }

  delete(pod: PodState): void {
    this.set.delete(pod);
  }

  /** The watched pods in creation order, as a copy: the caller may add and delete while it walks them. */
  inOrder(): PodState[] {
    const pods = [...this.set];
    if (!this.sorted) {
      pods.sort((a, b) => a.order - b.order);
      this.set = new Set(pods);
      this.sorted = true;
    }
    this.tail = pods.length > 0 ? pods[pods.length - 1]!.order : -1;
    return pods;
  }
}
