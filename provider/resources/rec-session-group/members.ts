/**
 * From the group to its members: each member's RecSyncSession inputs (so every single-session rule applies
 * to it unchanged), its label, and the membership change between two declarations. A member is known by
 * its business volume (the resolved volume_id): the list's order means nothing.
 */
import type { Props } from "../common/unknown";
import { resourceId } from "../rec-sync-session/common";
import type { RecSyncSessionInputs, RecSyncSessionOutputs } from "../rec-sync-session/schema";
import { SHARED_SETTING_KEYS, type MemberInputs, type RecSessionGroupInputs } from "./schema";

/** The member's key: its business volume. */
export function memberKey(m: { sourceVolumeId: unknown }): string {
  return String(m.sourceVolumeId);
}

/** "<group>[<business volume>]": the member's log label and its resourceName as a RecSyncSession. */
export function memberLabel(groupLabel: string, m: { sourceVolumeId: unknown; sourceVolumeName?: unknown }): string {
  return `${groupLabel}[${typeof m.sourceVolumeName === "string" ? m.sourceVolumeName : `volume ${String(m.sourceVolumeId)}`}]`;
}

/** The group's label: its Pulumi name, else its arrays. */
export function groupLabel(n: { resourceName?: unknown; sourceArray?: unknown; destinationArray?: unknown }): string {
  return typeof n.resourceName === "string" && n.resourceName ? n.resourceName : `${String(n.sourceArray)}->${String(n.destinationArray)}`;
}

/**
 * The member's inputs as a RecSyncSession's checked inputs. `overrides` lets the group run a member's
 * create without its own copy wait or suspend (the group waits and suspends all members together).
 */
export function memberInputs(n: RecSessionGroupInputs, m: MemberInputs, overrides: Partial<RecSyncSessionInputs> = {}): RecSyncSessionInputs {
  const shared = Object.fromEntries(SHARED_SETTING_KEYS.filter((k) => n[k] !== undefined).map((k) => [k, n[k]]));
  return {
    ...shared, ...stripUndefined(m),
    sourceArray: n.sourceArray, destinationArray: n.destinationArray, direction: "Forward",
    resourceName: memberLabel(groupLabel(n), m), providerVersion: n.providerVersion, resourceUrn: n.resourceUrn,
    ...overrides,
  } as RecSyncSessionInputs;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A member session in state with the `__provider` text the member's methods expect. */
export function memberProps(s: RecSyncSessionOutputs, provider: unknown): Props {
  return { ...s, __provider: provider };
}

export function memberId(s: RecSyncSessionOutputs): string {
  return resourceId(s);
}

export interface Membership {
  /** Declared and in state with the same mirror volume. */
  keep: { member: MemberInputs; session: RecSyncSessionOutputs }[];
  /** Declared, without a session in state (new, or its create failed earlier). */
  add: MemberInputs[];
  /** In state, no longer declared, or declared with another mirror volume (its session is re-created). */
  remove: RecSyncSessionOutputs[];
}

/** What changes between the sessions in state and the declared members. */
export function membership(sessions: readonly RecSyncSessionOutputs[], members: readonly MemberInputs[]): Membership {
  const byKey = new Map(sessions.map((s) => [memberKey(s), s]));
  const out: Membership = { keep: [], add: [], remove: [] };
  const declaredKeys = new Set<string>();
  for (const m of members) {
    const key = memberKey(m);
    declaredKeys.add(key);
    const s = byKey.get(key);
    if (s && s.destinationVolumeId === m.destinationVolumeId) out.keep.push({ member: m, session: s });
    else {
      if (s) out.remove.push(s);
      out.add.push(m);
    }
  }
  for (const s of sessions) if (!declaredKeys.has(memberKey(s))) out.remove.push(s);
  return out;
}

/**
 * The sessions in the order of the declared members (members without a session are left out), then the
 * sessions no member declares any more (a removal that failed: they stay in state until deleted).
 */
export function inMemberOrder(members: readonly MemberInputs[], sessions: Iterable<RecSyncSessionOutputs>): RecSyncSessionOutputs[] {
  const all = [...sessions];
  const rank = new Map(members.map((m, i) => [memberKey(m), i]));
  const at = (s: RecSyncSessionOutputs) => rank.get(memberKey(s)) ?? members.length;
  return all.map((s, i) => ({ s, i })).sort((a, b) => at(a.s) - at(b.s) || a.i - b.i).map((x) => x.s);
}
