/**
 * The 23 rows of docs/unverified-points.md as the probe reports them: a short title and what a read-only run
 * can say. Verdicts use dialect-file.ts VERDICTS, so the report, the dialect file and the docs agree.
 */
import type { VERDICTS } from "../api/dialect-file";

export type Verdict = (typeof VERDICTS)[number];

export interface RowVerdict {
  row: number;
  verdict: Verdict;
  evidence: string;
  /** The form the array accepted (rows with DIALECT_TABLE entries, drill only). */
  form?: string;
}

export const ROW_TITLES: Readonly<Record<number, string>> = Object.freeze({
  1: "forced delete", 2: "forced suspend", 3: "multi-suspend body", 4: "phase names", 5: "status names",
  6: "suspend completion", 7: "DELETE /job form", 8: "job result lists", 9: "job retention", 10: "units",
  11: "remote side naming", 12: "copysession list query", 13: "session identity", 14: "volume delete in session",
  15: "REC create extras", 16: "9th session answer", 17: "one field per PATCH", 18: "session operations side",
  19: "login status", 20: "concurrent REST sessions", 21: "TLS, port, firmware", 22: "default page size",
  23: "error_code values",
});

/** Why a row cannot be seen at all, or only by the drill (docs/unverified-points.md summary, "probe" column). */
export const UNOBSERVABLE: Readonly<Record<number, string>> = Object.freeze({
  1: "needs the drill (a forced delete of a scratch session)",
  2: "needs the drill (a forced suspend of a scratch session)",
  3: "needs the drill (a multi-suspend of two scratch sessions)",
  6: "needs the drill (a suspend of a scratch session)",
  7: "needs the drill (deleting the drill's own job records)",
  9: "not observable (a 30-minute wait; the client deletes its jobs anyway)",
  13: "not observable (an id comes back only when the array reuses it, at its own pace)",
  14: "not observable: neither the probe nor the drill deletes a volume that is in a session",
  15: "needs the drill (a scratch REC create)",
  16: "not observable (the drill does not create nine sessions)",
  17: "needs the drill (PATCH of a scratch session)",
  18: "needs the drill with the copy path up; with it down: not observable",
  20: "not observable (filling the array's REST session slots would lock out other users)",
});

export function notObservable(row: number): RowVerdict {
  return { row, verdict: "not-observable", evidence: UNOBSERVABLE[row] ?? "not observable without writing" };
}
