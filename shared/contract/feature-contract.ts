// What a feature's contract (shared/contract/features/<name>.ts) is made of:
// the field schemas every request uses, one variant of OperationSchema, and
// the shape of a table of API methods. The feature contracts import this
// file, never api.ts or ops.ts (those assemble the features, and a feature
// importing them would be a cycle).
import { z } from 'zod';

/** A libvirt object's or a host's name. */
export const name = z.string().min(1).max(255);
/** A path on the host or in the guest. */
export const path = z.string().min(1).max(4096);
/** A size in bytes. */
export const size = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** One kind of operation: its kind, the host it runs on, and its request. */
export function operation<K extends string, R extends z.ZodTypeAny>(kind: K, request: R) {
  return z.object({ kind: z.literal(kind), host: name, request }).strict();
}

export interface MethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
}

/**
 * A feature's methods: exactly the names of its zod-free list
 * (features/<name>.names.ts), each with its parameters and result. Used as
 * `{ ... } as const satisfies Methods<Name>`: a name without a method, or a
 * method without a name, is a type error.
 */
export type Methods<N extends string> = { readonly [M in N]: MethodSpec };
