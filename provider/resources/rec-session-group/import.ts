/**
 * RecSessionGroup import by id alone (`pulumi import eternus:index:RecSessionGroup <name>
 * <sourceArray>/<copysession_id>,<copysession_id>,...`): the member sessions' ids on the business array.
 * Each member is imported by RecSyncSession's own import (REC type, identity, the destination array found
 * by box id), so a group member is recorded exactly as a single session would be. The group's shared
 * settings are the first member's as observed; a member that differs is named in a warning, and the next
 * `up` makes it alike (preview shows it).
 */
import { withClientLease } from "../../client";
import { InvalidInputsError } from "../common/errors";
import { parseImportIdList } from "../common/import-id";
import { operation } from "../common/operation";
import { jsonPlain, stripProvider, type Props } from "../common/unknown";
import { importById as importSession } from "../rec-sync-session/import";
import { parseStoredOutputs as parseSession } from "../rec-sync-session/schema";
import { groupLabel, inMemberOrder, memberLabel } from "./members";
import { SHARED_SETTING_KEYS, type RecSessionGroupInputs } from "./schema";

function refuse(reason: string): never {
  throw new InvalidInputsError(`RecSessionGroup import: ${reason}`, [{ property: "id", reason }]);
}

async function importOperation(provider: unknown, id: string, bookkeeping: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const { array: sourceArray, numbers } = parseImportIdList("RecSessionGroup", id, "copysession_id");
  const label = typeof bookkeeping.resourceName === "string" ? bookkeeping.resourceName : id;
  const imported = await Promise.all(numbers.map((n) => importSession(provider as object, `${sourceArray}/${n}`, { ...bookkeeping, resourceName: `${label}[session ${n}]` })));
  const missing = numbers.filter((_n, i) => !imported[i].id);
  // One member missing is not "nothing to import": the group the id names does not exist as named.
  if (missing.length) refuse(`copy session(s) ${missing.join(", ")} do not exist on array "${sourceArray}"`);
  const sessions = imported.map((r) => parseSession(stripProvider(r.props)));
  const inputsOf = imported.map((r) => r.inputs ?? {});
  const destinations = [...new Set(sessions.map((s) => s.destinationArray))];
  if (destinations.length > 1) refuse(`the sessions go to different arrays (${destinations.join(", ")}); a group has one destination array`);
  const volumes = sessions.map((s) => s.sourceVolumeId);
  if (new Set(volumes).size !== volumes.length) refuse("two sessions copy the same business volume; a group has one session per business volume");
  const reversed = sessions.filter((s) => s.direction !== "Forward").map((s) => s.copySessionId);
  if (reversed.length) refuse(`session(s) ${reversed.join(", ")} copy Reverse (a restore); a group runs Forward: finish the restore, then import`);

  const shared = Object.fromEntries(SHARED_SETTING_KEYS.map((k) => [k, inputsOf[0][k]]));
  const n = jsonPlain({
    ...bookkeeping, ...shared, sourceArray, destinationArray: destinations[0],
    members: sessions.map((s) => ({ sourceVolumeId: s.sourceVolumeId, destinationVolumeId: s.destinationVolumeId })),
  }) as unknown as RecSessionGroupInputs;
  const op = operation(provider, "RecSessionGroup", groupLabel(n), bookkeeping.resourceUrn);
  for (const k of SHARED_SETTING_KEYS) {
    const differ = sessions.filter((_s, i) => JSON.stringify(inputsOf[i][k]) !== JSON.stringify(shared[k])).map((s) => s.copySessionId);
    if (differ.length) op.log.warn(`${k}: recorded as session ${sessions[0].copySessionId}'s (${JSON.stringify(shared[k])}); session(s) ${differ.join(", ")} differ, and the next up makes them alike`);
  }
  const members = sessions.map((s) => ({ ...s, resourceName: memberLabel(groupLabel(n), s) }));
  const list = inMemberOrder(n.members, members);
  const { resourceName: _r, resourceUrn: _u, providerVersion: _p, ...inputs } = n;
  return { id, props: jsonPlain({ ...n, sessions: list, suspended: list.every((s) => s.suspended) }), inputs: jsonPlain(inputs) };
}

export const importById = withClientLease(importOperation);
