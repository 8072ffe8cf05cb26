/**
 * A tagged union expressed as `if`/`then` per tag value rather than `oneOf`:
 * editors complete the right keys once the tag is typed, and validators
 * report the errors of the one branch that applies instead of every branch's.
 */
import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';

export interface TaggedUnionOptions {
  tag: string;
  description: string;
  /** Schema that holds the tag and the keys every member shares. */
  base: Record<string, unknown>;
  /** Per tag value: the schema the whole object must also satisfy. */
  branches: Record<string, TSchema | Record<string, unknown>>;
}

export function TaggedUnion<T>(o: TaggedUnionOptions): TUnsafe<T> {
  return Type.Unsafe<T>({
    ...o.base,
    description: o.description,
    allOf: Object.entries(o.branches).map(([value, then]) => ({
      if: { properties: { [o.tag]: { const: value } }, required: [o.tag] },
      then,
    })),
  });
}
