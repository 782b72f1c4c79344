/**
 * RecSyncSession import by id alone (`pulumi import eternus:index:RecSyncSession <name>
 * <sourceArray>/<copysession_id>`): the id a created session has, on the array that holds the business
 * volume (the array that takes the session's operations, docs/unverified-points.md row 18). Not by business
 * volume: a volume may be the source of up to 8 sessions, so it names none of them alone.
 *
 * The destination array is the configured array whose box id is the session's remote box. The state is
 * built as create would have recorded it, then the refresh code (provider.ts read) reads it, identity
 * check included, so import and refresh answer alike. Imported inputs are the observed modes with every
 * default spelled out, as refresh records them (fewer would show as a change at the next refresh).
 */
import { enumEquals, idFromHref, REC_SESSION_TYPE } from "../../api/dialect";
import { withClientLease } from "../../client";
import { configOf } from "../../config";
import { InvalidInputsError } from "../common/errors";
import { parseImportId } from "../common/import-id";
import type { Operation } from "../common/operation";
import type { Props } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { resourceId, sessionOperation } from "./common";
import { outputsOf } from "./outputs";
import { read } from "./provider";
import { SESSION_DEFAULTS, type RecSyncSessionInputs } from "./schema";

/** The configured array (other than the source) whose box id is `boxId`. */
async function arrayOfBox(op: Operation, provider: unknown, sourceArray: string, boxId: string, d: Deadline): Promise<string> {
  const names = Object.keys(configOf(provider).arrays).filter((n) => n !== sourceArray);
  const boxes = await Promise.all(names.map((n) => op.client(n).getStorageSystem({ signal: d.signal }).then((s) => s.boxid, () => undefined)));
  const i = boxes.findIndex((b) => b !== undefined && b.toUpperCase() === boxId.toUpperCase());
  if (i < 0) {
    throw new InvalidInputsError(`RecSyncSession import: the session's remote array (box id ${boxId}) is none of the arrays in eternus:arrays that answered (${names.join(", ") || "none besides the source"}); add it to the stack config`, [{ property: "destinationArray", reason: `no configured array has box id ${boxId}` }]);
  }
  return names[i];
}

async function importOperation(provider: unknown, id: string, bookkeeping: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const { array: sourceArray, number: copySessionId } = parseImportId("RecSyncSession", id, "copysession_id");
  const op = sessionOperation(provider, { resourceName: bookkeeping.resourceName ?? id, resourceUrn: bookkeeping.resourceUrn });
  const d = op.deadline(120);
  const client = op.client(sourceArray);
  const [s, system] = await Promise.all([client.getCopySession(copySessionId, { signal: d.signal }), client.getStorageSystem({ signal: d.signal })]);
  if (!s) {
    op.log.warn(`copy session ${copySessionId} does not exist on array "${sourceArray}": nothing to import`);
    return { id: "", props: {} };
  }
  if (!enumEquals(s.type, REC_SESSION_TYPE)) {
    throw new InvalidInputsError(`RecSyncSession import: copy session ${copySessionId} on "${sourceArray}" is a ${String(s.type)} session, not REC`, [{ property: "id", reason: "not an REC session" }]);
  }
  // The business volume is the local one: the source of a Forward session, the destination once reversed.
  const reversed = s.is_local_source_volume === false;
  const sourceVolumeId = idFromHref(reversed ? s.destination_volume_href : s.source_volume_href);
  const destinationVolumeId = idFromHref(reversed ? s.source_volume_href : s.destination_volume_href);
  const destinationBoxId = String(s.remote_boxid ?? "");
  if (sourceVolumeId === undefined || destinationVolumeId === undefined || !destinationBoxId) {
    throw new InvalidInputsError(`RecSyncSession import: copy session ${copySessionId} on "${sourceArray}" does not name both volumes and the remote box`, [{ property: "id", reason: "incomplete session" }]);
  }
  const destinationArray = await arrayOfBox(op, provider, sourceArray, destinationBoxId, d);
  const declared = { ...SESSION_DEFAULTS, ...bookkeeping, sourceArray, sourceVolumeId, destinationArray, destinationVolumeId } as RecSyncSessionInputs;
  const stored = outputsOf(declared, s, { sourceBoxId: system.boxid, destinationBoxId });
  return read(provider, resourceId(stored), stored);
}

export const importById = withClientLease(importOperation);
