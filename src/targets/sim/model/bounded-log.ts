/**
 * The newest `max` items of an append-only log. The oldest are dropped a
 * quarter of `max` at a time: dropping one per append past the cap would
 * move the whole array on every append, and a churn storm appends hundreds a
 * second.
 */
export class BoundedLog<T> {
  private items: T[] = [];

  constructor(readonly max: number) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.max + this.max / 4) this.items.splice(0, this.items.length - this.max);
  }

  /** The newest `max` items, oldest first; the caller must not change the array. */
  recent(): readonly T[] {
    return this.items.length > this.max ? this.items.slice(-this.max) : this.items;
  }

  clear(): void {
    this.items = [];
  }
}
