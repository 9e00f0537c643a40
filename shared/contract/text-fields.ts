// How the API carries a text the backend wrote (a plan's title, a step's
// description, a partial note): its English rendering under `name`, for the
// CLI, scripts and logs, and beside it under `<name>Msg` the catalog message
// the UI translates (absent where the text is English only). english() and
// msgOf() in shared/core/messages.ts make the two from a Text.
import { z } from 'zod';
import { MsgSchema } from '../core/messages.ts';

type TextShape<N extends string, S extends z.ZodTypeAny> = { [K in N]: S } & { [K in `${N}Msg`]: z.ZodOptional<typeof MsgSchema> };

function pair<N extends string, S extends z.ZodTypeAny>(name: N, english: S): TextShape<N, S> {
  return { [name]: english, [`${name}Msg`]: MsgSchema.optional() } as TextShape<N, S>;
}

/** The fields of a text every such object has: `...textFields('title')`. */
export function textFields<N extends string>(name: N): TextShape<N, z.ZodString> {
  return pair(name, z.string());
}

/** The fields of a text an object may lack (both absent then). */
export function optionalTextFields<N extends string>(name: N): TextShape<N, z.ZodOptional<z.ZodString>> {
  return pair(name, z.string().optional());
}
