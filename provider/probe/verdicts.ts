/**
 * A verdict per docs/unverified-points.md row from what the read-only look saw (observe.ts). The drill
 * (drill/run.ts) replaces the verdicts of the rows it exercises. Pure functions.
 */
import {
  DEFAULT_MAX_RECORDS, DEFAULT_PORT, LOGIN_STATUS, Phase, isErrorStatus,
} from "../api/dialect";
import { UNVERIFIED_ROW_COUNT } from "../api/dialect-file";
import { ArrayObservation, KNOWN_STATUSES, NEEDED_PRIVILEGES } from "./observe";
import { RowVerdict, notObservable } from "./rows";

const KNOWN_PHASES: readonly string[] = Object.values(Phase);

function row(n: number, verdict: RowVerdict["verdict"], evidence: string): RowVerdict {
  return { row: n, verdict, evidence };
}

function failed(o: ArrayObservation, what: RegExp): string | undefined {
  return o.failures.find((f) => what.test(f.what))?.message;
}

/** Rows 4 and 5: values outside the provider's list are what the array said differently. */
function enumRow(n: number, values: string[] | undefined, known: (v: string) => boolean, label: string): RowVerdict {
  if (!values?.length) return row(n, "not-observable", `no copy session on the array (the drill shows a new one's ${label})`);
  const unknown = values.filter((v) => !known(v));
  return unknown.length
    ? row(n, "contradicted", `${label} seen: ${values.join(", ")}; not in the provider's list: ${unknown.join(", ")}`)
    : row(n, "consistent", `${label} seen: ${values.join(", ")}`);
}

function jobsRow(o: ArrayObservation): RowVerdict {
  const bad = failed(o, /^GET \/job/);
  if (bad) return row(8, "contradicted", `job reply not understood: ${bad}`);
  if (!o.jobDetails.length) return row(8, "not-observable", "this account has no job records (the drill's jobs show the lists)");
  const lists = o.jobDetails.map((j) => `${j.resource_href_list.length}/${j.progress_href_list.length}/${j.succeeded_resource_href_list.length}`);
  return row(8, "consistent", `${o.jobDetails.length} job record(s) parsed; resource/progress/succeeded href list lengths ${lists.join(" ")}`);
}

function remoteRow(o: ArrayObservation): RowVerdict {
  const rec = (o.sessions ?? []).filter((s) => /rec/i.test(String(s.type ?? "")));
  if (!rec.length) return row(11, "not-observable", "no REC session on the array");
  const missing = rec.filter((s) => !s.remote_boxid || s.remote_copysession_id === undefined);
  return missing.length
    ? row(11, "contradicted", `${missing.length} of ${rec.length} REC sessions lack remote_boxid or remote_copysession_id (e.g. id ${missing[0]!.copysession_id})`)
    : row(11, "consistent", `${rec.length} REC session(s) name remote_boxid and remote_copysession_id`);
}

function filterRow(o: ArrayObservation): RowVerdict {
  const bad = failed(o, /copysession_id=/);
  if (bad) return row(12, "contradicted", `GET /copysession?copysession_id=... refused: ${bad}`);
  if (!o.filter) return row(12, "not-observable", "the copy session list could not be read");
  const extra = o.filter.answered.filter((id) => !o.filter!.asked.includes(id));
  return extra.length
    ? row(12, "contradicted", `copysession_id=${o.filter.asked.join(",")} answered ids ${o.filter.answered.join(",")} (the filter is ignored)`)
    : row(12, "consistent", `copysession_id=${o.filter.asked.join(",")} answered ${o.filter.answered.length ? `only ${o.filter.answered.join(",")}` : "no session"}`);
}

function loginRow(o: ArrayObservation): RowVerdict {
  if (o.loginStatus === undefined) return row(19, "not-observable", "no login answer");
  if (o.loginStatus === LOGIN_STATUS) return row(19, "consistent", `POST /session answered ${o.loginStatus}`);
  return row(19, o.loginStatus >= 200 && o.loginStatus < 300 ? "contradicted" : "not-observable", `POST /session answered ${o.loginStatus}`);
}

function tlsRow(o: ArrayObservation): RowVerdict {
  const u = new URL(o.endpoint);
  const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
  const fw = o.system?.firmware_version ? `firmware ${o.system.firmware_version}` : "firmware not reported";
  const tls = u.protocol === "https:" ? (o.insecure ? "https, certificate NOT verified (insecureSkipVerify)" : "https, certificate verified") : "plain http (allowHttp)";
  if (!o.system) return row(21, "not-observable", `${tls}; GET /storagesystem failed: ${failed(o, /storagesystem/) ?? "no login"}`);
  return row(21, "consistent", `${tls}, port ${port}${port === DEFAULT_PORT ? "" : ` (not ${DEFAULT_PORT})`}; ${fw}`);
}

function pageRow(o: ArrayObservation): RowVerdict {
  const p = o.firstVolumePage;
  if (!p) return row(22, "not-observable", "the volume list could not be read");
  if (p.next) {
    return p.items === DEFAULT_MAX_RECORDS
      ? row(22, "consistent", `first page without max_records held ${p.items} volumes and a next_href`)
      : row(22, "contradicted", `first page without max_records held ${p.items} volumes and a next_href (default page size ${p.items}, not ${DEFAULT_MAX_RECORDS}; paging is followed either way)`);
  }
  return p.items > DEFAULT_MAX_RECORDS
    ? row(22, "contradicted", `one page of ${p.items} volumes without max_records (page size above ${DEFAULT_MAX_RECORDS}; paging is followed either way)`)
    : row(22, "not-observable", `${p.items} volumes fit one page (conclusive only with more than ${DEFAULT_MAX_RECORDS})`);
}

function errorRow(o: ArrayObservation): RowVerdict {
  const m = o.missingRead;
  if (!m) return row(23, "not-observable", "no read of a missing id");
  if (m.status === 404 && m.errorCode && /^\d{4}$/.test(m.errorCode) && m.message) {
    return row(23, "consistent", `GET of a missing volume: 404, flat body, error_code ${m.errorCode}, message "${m.message}"`);
  }
  return row(23, "contradicted", `GET of a missing volume: ${m.status}${m.errorCode ? ` error_code ${m.errorCode}` : " without error_code"}${m.message ? ` "${m.message}"` : ""}`);
}

/** Every row 1..23 for one array from a read-only observation. */
export function readOnlyVerdicts(o: ArrayObservation): RowVerdict[] {
  const byRow = new Map<number, RowVerdict>();
  const put = (v: RowVerdict) => byRow.set(v.row, v);
  put(enumRow(4, o.enums["copysession.phase"], (v) => KNOWN_PHASES.includes(v), "phases"));
  put(enumRow(5, o.enums["copysession.status"], (v) => KNOWN_STATUSES.includes(v) || isErrorStatus(v), "statuses"));
  put(jobsRow(o));
  put(row(10, "not-observable", "needs the drill (a scratch volume of known size read back)"));
  put(remoteRow(o));
  put(filterRow(o));
  put(loginRow(o));
  put(tlsRow(o));
  put(pageRow(o));
  put(errorRow(o));
  const out: RowVerdict[] = [];
  for (let n = 1; n <= UNVERIFIED_ROW_COUNT; n++) out.push(byRow.get(n) ?? notObservable(n));
  return out;
}

/** Lines about the account and the array that are not rows: privileges, license, box id, failures. */
export function arrayFacts(o: ArrayObservation): string[] {
  const out: string[] = [];
  if (o.session) {
    const missing = NEEDED_PRIVILEGES.filter((p) => !o.session!.auth_list.includes(p));
    out.push(`account ${o.session.user_name ?? "?"}: privileges ${o.session.auth_list.join(", ") || "none"}${missing.length ? `; MISSING for the provider: ${missing.join(", ")}` : ""}`);
  }
  if (o.system) {
    const lic = o.system.is_remote_copy_available === false ? "NOT available" : o.system.is_remote_copy_available ? "available" : "not reported";
    out.push(`box id ${o.system.boxid}; model ${o.system.model_name ?? "?"}; firmware ${o.system.firmware_version ?? "?"}; remote copy ${lic}${o.system.remote_copy_license_type ? ` (${o.system.remote_copy_license_type})` : ""}`);
  }
  if (o.volumes) out.push(`${o.volumes.length} volumes, ${o.sessions?.length ?? "?"} copy sessions, ${o.jobs?.length ?? "?"} job records of this account`);
  for (const [field, values] of Object.entries(o.enums)) out.push(`spellings ${field}: ${values.join(", ")}`);
  for (const f of o.failures) out.push(`FAILED ${f.what}: ${f.message}`);
  return out;
}
