/**
 * The redacted transcript: one JSON line per exchange with an array. The probe writes it next to its report,
 * the trace (trace.ts) during pulumi up/preview/refresh/destroy. One writer for both, so both redact alike.
 *
 * Redaction, on top of what the client already did (ExchangeEvent): every member whose key names a credential
 * (password, token, secret, authorization, cookie) is replaced at any depth, and every configured secret text
 * (the arrays' passwords) is replaced wherever it appears. Lines are appended synchronously, so a crash loses
 * at most the exchange in flight.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ExchangeEvent } from "../client/eternus-client";
import { REDACTED, redactText } from "../client/redaction";

export { REDACTED } from "../client/redaction";
const SECRET_KEY = /pass(word)?|token|secret|authori[sz]ation|cookie/i;

/** `value` with credential members and the given secret texts replaced; never mutates its input. */
export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => [k, SECRET_KEY.test(k) && x !== undefined && x !== null ? REDACTED : walk(x)]));
    }
    return v;
  };
  return walk(value);
}

/** One transcript line: the exchange, or a note of the probe (a step, a verdict's evidence). */
export type TranscriptEntry = ({ kind: "exchange" } & ExchangeEvent) | { kind: "note"; array?: string; text: string };

export class TranscriptWriter {
  /** `secrets` is read per line: a password resolved later (another array) is still redacted. */
  constructor(readonly file: string, private readonly secrets: () => readonly string[]) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }

  exchange = (e: ExchangeEvent): void => this.append({ kind: "exchange", ...e });

  note(text: string, array?: string): void {
    this.append({ kind: "note", ...(array ? { array } : {}), text });
  }

  private append(entry: TranscriptEntry): void {
    const line = JSON.stringify({ time: new Date().toISOString(), ...(redactDeep(entry, this.secrets()) as object) });
    try {
      fs.appendFileSync(this.file, `${line}\n`, { mode: 0o600 });
    } catch {
      // A trace must never fail the operation it records.
    }
  }
}
