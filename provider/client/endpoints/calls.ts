/**
 * What every endpoint group shares: the pipeline's send, reply parsing (zod, ERR_BAD_RESPONSE when a
 * reply is not understood), 404 as undefined, complete lists (paging.ts), and mutations (send, wait for
 * the job, delete its record: mutation.ts).
 */
import type { z } from "zod";
import type { Dialect, DialectPoint } from "../../api/dialect";
import type { Job } from "../../api/jobs";
import type { ApiRequest } from "../../api/request";
import { describeIssues, type ListPage } from "../../api/schema-kit";
import type { ArrayDialect } from "../array-dialect";
import { TRACE_CONFIG_KEY, TRACE_ENV } from "../../trace/trace";
import { EternusApiError, hasStatus } from "../errors";
import { collectPages } from "../paging";
import type { Reply } from "../pipeline/step";
import { pathOnly } from "../transport";
import type { CallOptions } from "../types";

/**
 * "<what> not understood: <field>: <problem> (got <value>)", pointing at the trace: a reply the schemas do
 * not accept is what support needs to see. `redact` removes secrets from the values shown.
 */
export function notUnderstood(what: string, error: z.ZodError, input: unknown, redact: (text: string) => string = (t) => t): string {
  return `${what} not understood: ${redact(describeIssues(error, { input }))} (to send us the array's replies, record them with ${TRACE_CONFIG_KEY} or ${TRACE_ENV}: docs/real-array.md)`;
}

/** An authenticated, retried request through the whole pipeline. */
export type ApiSend = (req: ApiRequest, signal?: AbortSignal) => Promise<Reply>;

export class Calls {
  constructor(
    readonly arrayName: string,
    /** The array's origin (`https://host:5665`): next_href resolves against it (paging.ts). */
    readonly origin: string,
    readonly send: ApiSend,
    /** Send a mutating request and wait for its job (mutation.ts); undefined for a synchronous answer. */
    readonly mutate: (req: ApiRequest, o?: CallOptions) => Promise<Job | undefined>,
    /** The array's dialect: requests of the open points are built and sent through it (the fallback). */
    readonly dialect: ArrayDialect,
    /** Secrets out of a text (the values a parse error shows). */
    readonly redact: (text: string) => string = (t) => t,
  ) {}

  /** A mutation built from the array's dialect (`points`: the open points its request depends on). */
  mutateIn(points: readonly DialectPoint[], build: (d: Dialect) => ApiRequest, o?: CallOptions): Promise<Job | undefined> {
    return this.dialect.send(points, build, (req) => this.mutate(req, o));
  }

  async get<S extends z.ZodType>(req: ApiRequest, schema: S, o?: CallOptions): Promise<z.output<S>> {
    return this.parse(schema, req, await this.send(req, o?.signal));
  }

  async getOrUndefined<S extends z.ZodType>(req: ApiRequest, schema: S, o?: CallOptions): Promise<z.output<S> | undefined> {
    try {
      return await this.get(req, schema, o);
    } catch (e) {
      if (hasStatus(e, 404)) return undefined;
      throw e;
    }
  }

  /** Every item of a list (next_href followed). */
  list<T>(first: ApiRequest, pageSchema: z.ZodType<ListPage<T>>, o?: CallOptions): Promise<T[]> {
    return collectPages(first, (req) => this.get(req, pageSchema, o), { arrayName: this.arrayName, origin: this.origin });
  }

  parse<S extends z.ZodType>(schema: S, req: ApiRequest, res: Reply): z.output<S> {
    const r = schema.safeParse(res.data);
    if (!r.success) throw this.badResponse(req, res.status, notUnderstood("reply", r.error, res.data, this.redact));
    return r.data;
  }

  badResponse(req: ApiRequest, status: number, why: string): EternusApiError {
    return new EternusApiError({ arrayName: this.arrayName, method: req.method, path: pathOnly(req.path), status, code: "ERR_BAD_RESPONSE", arrayMessage: why });
  }

  /** A delete (`mutate` sends it): 404 is done; a lost answer is read back (gone means done), otherwise the caller decides. */
  async deleteIdempotently(mutate: () => Promise<unknown>, stillThere: () => Promise<unknown>): Promise<void> {
    try {
      await mutate();
    } catch (e) {
      if (hasStatus(e, 404)) return;
      if (e instanceof EternusApiError && e.code === "ERR_LOST_RESPONSE" && (await stillThere()) === undefined) return;
      throw e;
    }
  }
}
