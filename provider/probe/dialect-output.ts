/**
 * The dialect file the probe writes for one array (provider/api/dialect-file.ts format): every row's verdict
 * and evidence, and the accepted form for the rows with alternative forms the drill settled. Checked with the
 * provider's own parser before it is written, so the provider accepts what the probe writes.
 */
import { DIALECT_FILE_FORMAT, DialectFile, parseDialectFile } from "../api/dialect-file";
import { EternusError } from "../client/errors";
import type { RowVerdict } from "./rows";

export function dialectFileFor(o: { array: string; firmware?: string; probeVersion: string; rows: readonly RowVerdict[]; createdAt?: string }): DialectFile {
  const rows: DialectFile["rows"] = {};
  for (const r of o.rows) rows[String(r.row)] = { ...(r.form ? { form: r.form } : {}), verdict: r.verdict, evidence: r.evidence };
  const file: DialectFile = {
    format: DIALECT_FILE_FORMAT, probeVersion: o.probeVersion, array: o.array,
    ...(o.firmware ? { firmware: o.firmware } : {}), createdAt: o.createdAt ?? new Date().toISOString(), rows,
  };
  const text = JSON.stringify(file, null, 2);
  const back = parseDialectFile(text);
  if ("problem" in back) throw new EternusError(`the probe built a dialect file the provider refuses (${back.problem}); please report this`, "ERR_INCOMPLETE");
  return file;
}
