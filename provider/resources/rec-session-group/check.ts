/**
 * RecSessionGroup check(): the group's own fields here; every member is checked by RecSyncSession's check
 * (the same field rules, name/number resolution and preview checks as a single session), its failures
 * named `members[i].<field>`. Two members on one business volume or one mirror volume are refused.
 */
import { configOf } from "../../config";
import { Checker, present, type CheckFailure } from "../common/checker";
import { issuesAsFailures } from "../common/shapes";
import { isUnknown, jsonPlain, stripProvider, UNKNOWN, type Props } from "../common/unknown";
import { check as checkSession } from "../rec-sync-session/provider";
import { memberKey } from "./members";
import { inputsSchema, memberInputsSchema, SHARED_SETTING_KEYS } from "./schema";

const MEMBER_KEYS = Object.keys(memberInputsSchema.shape);

export async function checkGroup(provider: unknown, oldsRaw: Props, newsRaw: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const news = stripProvider(newsRaw);
  const olds = stripProvider(oldsRaw);
  const c = new Checker(configOf(provider));
  c.array("sourceArray", news.sourceArray);
  c.array("destinationArray", news.destinationArray);
  const inputs: Props = { ...news };
  if (isUnknown(news.members)) return { inputs: jsonPlain(inputs), failures: c.failures };
  if (!Array.isArray(news.members) || news.members.length === 0) {
    c.fail("members", "members must list at least one member: { sourceVolumeId | sourceVolumeName | sourceVolumeNumber, destinationVolumeId }");
    return { inputs: jsonPlain(inputs), failures: c.failures };
  }
  const failures = new Map<string, CheckFailure>(c.failures.map((f) => [`${f.property}\n${f.reason}`, f]));
  const oldMembers = Array.isArray(olds.members) ? (olds.members as Props[]) : [];
  const members: Props[] = [];
  for (const [i, raw] of (news.members as unknown[]).entries()) {
    if (isUnknown(raw) || typeof raw !== "object" || raw === null) {
      if (!isUnknown(raw)) failures.set(`members[${i}]`, { property: `members[${i}]`, reason: `members[${i}] must be an object { sourceVolumeId | sourceVolumeName | sourceVolumeNumber, destinationVolumeId }` });
      members.push(raw as Props);
      continue;
    }
    const m = raw as Props;
    const r = await checkSession(provider as object, { ...olds, ...oldMemberFor(oldMembers, m) }, { ...sessionFields(news), ...m });
    for (const f of r.failures) {
      // A shared field's failure is the same for every member: reported once, under its own name.
      const property = MEMBER_KEYS.includes(f.property) ? `members[${i}].${f.property}` : f.property;
      const reason = property === f.property ? f.reason : f.reason.replace(f.property, property);
      failures.set(`${property}\n${f.reason}`, { property, reason });
    }
    members.push(Object.fromEntries(MEMBER_KEYS.filter((k) => r.inputs[k] !== undefined).map((k) => [k, r.inputs[k]])));
    if (i === 0) for (const k of SHARED_SETTING_KEYS) if (r.inputs[k] !== undefined) inputs[k] = r.inputs[k];
  }
  inputs.members = members;
  for (const f of duplicates(members)) failures.set(`${f.property}\n${f.reason}`, f);
  const all = [...failures.values()];
  if (all.length === 0 && !JSON.stringify(inputs).includes(UNKNOWN)) {
    const parsed = inputsSchema.safeParse(inputs);
    if (!parsed.success) all.push(...issuesAsFailures(parsed.error.issues));
  }
  return { inputs: jsonPlain(inputs), failures: all };
}

/** What a member's session check needs from the group (the arrays and the shared settings). */
function sessionFields(news: Props): Props {
  const out: Props = { sourceArray: news.sourceArray, destinationArray: news.destinationArray, resourceUrn: news.resourceUrn };
  for (const k of SHARED_SETTING_KEYS) if (present(news[k])) out[k] = news[k];
  return out;
}

/** The member of the previous inputs with the same declared selector (keeps a resolved id, no lookup). */
function oldMemberFor(olds: Props[], m: Props): Props {
  const same = (k: string) => present(m[k]) && olds.find((o) => o[k] === m[k]);
  return (same("sourceVolumeName") || same("sourceVolumeNumber") || {}) as Props;
}

/** One business volume and one mirror volume per member. */
function duplicates(members: Props[]): CheckFailure[] {
  const out: CheckFailure[] = [];
  const seen = { source: new Map<string, number>(), destination: new Map<string, number>() };
  members.forEach((m, i) => {
    if (!m || typeof m !== "object") return;
    const pairs: [keyof typeof seen, unknown, string][] = [["source", m.sourceVolumeId, "business volume"], ["destination", m.destinationVolumeId, "mirror volume"]];
    for (const [side, id, what] of pairs) {
      if (typeof id !== "number") continue;
      const key = side === "source" ? memberKey({ sourceVolumeId: id }) : String(id);
      const first = seen[side].get(key);
      if (first !== undefined) out.push({ property: `members[${i}]`, reason: `members[${i}]: the ${what} (volume_id ${id}) is already members[${first}]'s; each member is one business volume with its own mirror volume` });
      else seen[side].set(key, i);
    }
  });
  return out;
}
