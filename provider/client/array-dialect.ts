/**
 * One array's REST dialect in the client, and THE one place of the one-time fallback (issue 16).
 *
 * The forms are the array's pinned dialect (its dialect file, else DEFAULT_DIALECT: provider/config.ts)
 * overlaid with what this process learned from the array. Every request built from the dialect is sent
 * through `send`: when the array refuses our form of an open point, the request is re-sent ONCE in the next
 * documented form, the winner is remembered for the array for the rest of the process (also by the next
 * client of the same array, after an idle logout) and a log line says how to pin it.
 *
 * The fallback fires only when nothing was done: the answer to THIS request is a 400 (the array refused it
 * before acting [M:error]) whose "Description (Factor)" names a parameter our form added, and that point
 * allows it (DIALECT_TABLE `fallback`). Never after a lost response, a 5xx, a 409, a job that ran
 * (EternusJobError) or an error of another request (a job poll): those throw as they are.
 */
import {
  DIALECT_TABLE, DEFAULT_DIALECT, type Dialect, type DialectPoint, nextDialectForm,
} from "../api/dialect";
import type { ApiRequest } from "../api/request";
import { arrayConfigKey, envName } from "./config-keys";
import { EternusApiError } from "./errors";
import { pathOnly } from "./transport";

export interface ArrayDialectOptions {
  arrayName: string;
  /** The array's origin: what the learned forms are remembered under, with the name. */
  origin: string;
  /** The array's resolved dialect (its dialect file over the defaults). */
  pinned?: Dialect;
  /** The dialect file it came from (for the pin hint). */
  file?: string;
  log: (line: string) => void;
}

const MEMORY_KEY = Symbol.for("pulumi-eternus-rec.learned-dialects");

/** Forms learned per array for the process; on globalThis: the serialized provider may load this twice. */
function learnedForms(): Map<string, Partial<Record<DialectPoint, string>>> {
  const g = globalThis as unknown as Record<symbol, Map<string, Partial<Record<DialectPoint, string>>> | undefined>;
  return (g[MEMORY_KEY] ??= new Map());
}

/** Tests: forget every learned form (a new process). */
export function forgetLearnedDialects(): void {
  learnedForms().clear();
}

/** The "(Factor)" of an array's error message "Description (Factor)" [M:error], when there is one. */
export function errorFactor(message: string | undefined): string | undefined {
  return message ? /\(([^()]*)\)\s*$/.exec(message)?.[1]?.trim() || undefined : undefined;
}

/** The parameter names a request carries: its query keys and top-level body members. */
function sentParams(req: ApiRequest): Set<string> {
  const names = new Set(Object.keys(req.body ?? {}));
  const q = req.path.indexOf("?");
  if (q >= 0) for (const k of new URLSearchParams(req.path.slice(q + 1)).keys()) names.add(k);
  return names;
}

export class ArrayDialect {
  private readonly key: string;

  constructor(private readonly o: ArrayDialectOptions) {
    this.key = `${o.arrayName}\n${o.origin}`;
  }

  /** The forms the next request uses: pinned, overlaid with the forms learned from this array. */
  get current(): Dialect {
    const learned = learnedForms().get(this.key);
    return learned ? { ...(this.o.pinned ?? DEFAULT_DIALECT), ...learned } as Dialect : this.o.pinned ?? DEFAULT_DIALECT;
  }

  /**
   * Build the request from the current dialect and run it (`run` sends it: a mutation or a plain send).
   * On a refusal of our form of one of `points` (see the module comment), re-build with that point's next
   * form and run once more; that answer, whatever it is, is final.
   */
  async send<T>(points: readonly DialectPoint[], build: (d: Dialect) => ApiRequest, run: (req: ApiRequest) => Promise<T>): Promise<T> {
    const used = this.current;
    const req = build(used);
    try {
      return await run(req);
    } catch (e) {
      const refused = this.refusedPoint(e, req, used, points);
      if (!refused) throw e;
      // Another request may have learned the winner meanwhile: use it rather than the next candidate.
      const now = this.current[refused] as string;
      const next = now !== used[refused] ? now : nextDialectForm(refused, used[refused]);
      const { row } = DIALECT_TABLE[refused];
      if (next === undefined) {
        this.o.log(`[eternus] array ${this.o.arrayName}: the array refused row ${row}'s form "${used[refused]}" (${(e as Error).message}) and no other form is left to try; ${this.pinHint(refused, "<form>")}, with the form \`npx eternus-rec probe --drill\` finds`);
        throw e;
      }
      const retry = build({ ...used, [refused]: next } as Dialect);
      let value: T;
      try {
        value = await run(retry);
      } catch (e2) {
        if (this.refusedPoint(e2, retry, { ...used, [refused]: next } as Dialect, [refused])) {
          this.o.log(`[eternus] array ${this.o.arrayName}: the array refused row ${row}'s forms "${used[refused]}" and "${next}"; run \`npx eternus-rec probe --drill\` and ${this.pinHint(refused, "<the form it finds>")}`);
        }
        throw e2;
      }
      this.learn(refused, next);
      this.o.log(`[eternus] WARNING: array ${this.o.arrayName}: the array refused row ${row}'s form "${used[refused]}" (${errorFactor(errorMessage(e)) ?? "parameter"}) and accepted "${next}"; ` +
        `this process uses "${next}" from now on. ${this.pinHint(refused, next)} (docs/real-array.md section 5)`);
      return value;
    }
  }

  private learn(point: DialectPoint, form: string): void {
    const memory = learnedForms();
    memory.set(this.key, { ...memory.get(this.key), [point]: form });
  }

  /** The point whose form this 400 refused, when the fallback may fire (see the module comment). */
  private refusedPoint(e: unknown, req: ApiRequest, used: Dialect, points: readonly DialectPoint[]): DialectPoint | undefined {
    if (!(e instanceof EternusApiError) || e.status !== 400) return undefined;
    if (e.method !== req.method || e.path !== pathOnly(req.path)) return undefined;
    const factor = errorFactor(errorMessage(e));
    if (!factor) return undefined;
    const words = new Set(factor.toLowerCase().split(/[^a-z0-9_]+/));
    const sent = sentParams(req);
    return points.find((p) => {
      const entry = DIALECT_TABLE[p];
      const params = (entry.params as (form: string) => readonly string[])(used[p]);
      return entry.fallback && params.some((name) => sent.has(name) && words.has(name.toLowerCase()));
    });
  }

  /** How to pin `form` for a point: the config key, the variable and the dialect file line. */
  private pinHint(point: DialectPoint, form: string): string {
    const { arrayName, file } = this.o;
    const where = file ? `the dialect file ${file}` : `a dialect file named by ${arrayConfigKey(arrayName, "dialectFile")} (or ${envName(arrayName, "DIALECT_FILE")})`;
    return `To pin it, put "${DIALECT_TABLE[point].row}": { "form": "${form}", "evidence": "..." } into "rows" of ${where}`;
  }
}

/** The array's own message of an error: its error body's `message` (the transport keeps it on the error). */
function errorMessage(e: unknown): string | undefined {
  if (!(e instanceof EternusApiError)) return undefined;
  const data = e.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === "string" ? data.message : undefined;
}
