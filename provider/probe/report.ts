/** The human report: per array a few facts, then one line per row (verdict and evidence). */
import type { RowVerdict } from "./rows";
import { ROW_TITLES } from "./rows";

export interface ArrayReport {
  array: string;
  facts: string[];
  rows: RowVerdict[];
}

export function reportLine(v: RowVerdict): string {
  const form = v.form ? ` [form ${v.form}]` : "";
  return `row ${String(v.row).padStart(2)}  ${(ROW_TITLES[v.row] ?? "").padEnd(26)} ${v.verdict.padEnd(15)} ${v.evidence}${form}`;
}

export function renderReport(header: string[], arrays: readonly ArrayReport[]): string {
  const out = [...header, ""];
  for (const a of arrays) {
    out.push(`== array ${a.array}`);
    for (const f of a.facts) out.push(`   ${f}`);
    for (const r of a.rows) out.push(reportLine(r));
    out.push("");
  }
  return out.join("\n");
}
