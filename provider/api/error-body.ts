/** The error body of every 4xx/5xx [M:error]: error_code, message, internal_code. */
import { z } from "zod";
import { zRecord } from "./schema-kit";

export function errorBodySchema() {
  return zRecord({
    error_code: z.union([z.string(), z.number()]).transform(String).optional(),
    message: z.string().optional(),
    internal_code: z.union([z.string(), z.number()]).transform(String).optional(),
  });
}
export type ErrorBody = z.output<ReturnType<typeof errorBodySchema>>;
