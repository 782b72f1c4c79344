/**
 * RemoteVolume's REST steps after create: update (rename, then grow; what already happened is recorded when
 * a later step fails) and delete (refused while any copy session uses the volume). Identity first: the
 * volume_id in state is ours only while its uid matches.
 */
import type { CallOptions, EternusClient, Volume } from "../../client/types";
import { PartialFailureError, PreflightError, ResourceGoneError } from "../common/errors";
import { sendConfirmed } from "../common/lost-response";
import type { Operation } from "../common/operation";
import { errorMessage, jsonPlain } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { currentVolume, findByName, sizeFromCapacity, sizeFromOf, volumeUsers } from "./lookups";
import { outputsOf, volumeLabel } from "./outputs";
import { deletesData, planGrow, refuseExpandInUse } from "./plan";
import { volumeOperationSeconds, type RemoteVolumeInputs, type RemoteVolumeOutputs } from "./schema";

interface VolumeStep { op: Operation; client: EternusClient; n: RemoteVolumeInputs; d: Deadline }

/** update: rename, then grow; a failure after a change records the volume as it is now. */
export async function updateVolume(op: Operation, id: string, old: RemoteVolumeOutputs, n: RemoteVolumeInputs, shell: unknown): Promise<{ outs: RemoteVolumeOutputs }> {
  const d = op.deadline(volumeOperationSeconds(n));
  const step: VolumeStep = { op, client: op.client(n.array), n, d };
  let done = false;
  try {
    return await op.withDeadline(d, `RemoteVolume ${volumeLabel(n)} update`, async () => {
      let v = await currentVolume(step.client, old.volumeId, old.uid, { signal: d.signal });
      if (!v) throw new ResourceGoneError(`RemoteVolume ${volumeLabel(n)}: volume_id ${old.volumeId} no longer exists on array "${n.array}"; run pulumi refresh (it is removed from state), then pulumi up re-creates it`);
      v = await rename(step, v);
      v = await grow(step, v);
      done = true;
      return { outs: outputsOf(n, v, old.boxId) };
    });
  } catch (e) {
    if (done) throw e;
    // Record what did happen (e.g. the rename before a refused expand) instead of the old state.
    const now = await step.client.getVolume(old.volumeId, { signal: op.recordDeadline(30).signal }).catch(() => undefined);
    if (now && (now.name !== old.name || now.capacity !== old.capacityMb)) {
      const props = { ...outputsOf({ ...n, name: now.name }, now, old.boxId), __provider: shell };
      throw new PartialFailureError(errorMessage(e), id, jsonPlain(props), [errorMessage(e)]);
    }
    throw e;
  }
}

async function rename({ op, client, n, d }: VolumeStep, v: Volume): Promise<Volume> {
  if (v.name === n.name) return v;
  const clash = await findByName(client, n.name, { signal: d.signal });
  if (clash && clash.volume_id !== v.volume_id) {
    throw new PreflightError("rename-clash", `RemoteVolume ${volumeLabel(n)}: cannot rename to "${n.name}": volume_id ${clash.volume_id} on array "${n.array}" already has that name`);
  }
  op.log.info(`renaming "${v.name}" -> "${n.name}"`);
  const read = (s: AbortSignal) => client.getVolume(v.volume_id, { signal: s });
  const renamed = (x: Volume | undefined) => x?.name === n.name;
  await sendConfirmed(op, d, "rename", () => client.renameVolume(v.volume_id, n.name, { signal: d.signal }), read, renamed);
  // Job Success does not guarantee the change: read it back.
  return await op.waitFor(read, renamed, { deadline: d, what: `the new name "${n.name}"` }) as Volume;
}

async function grow({ op, client, n, d }: VolumeStep, v: Volume): Promise<Volume> {
  const o: CallOptions = { signal: d.signal };
  const desired = n.capacityMb ?? (await sizeFromCapacity(op, sizeFromOf(n), o));
  if (planGrow(n, v, desired) === "none") return v;
  refuseExpandInUse(n, v, desired, await volumeUsers(client, v.volume_id, o));
  op.log.info(`expanding ${v.capacity} -> ${desired} MB`);
  const read = (s: AbortSignal) => client.getVolume(v.volume_id, { signal: s });
  const grown = (x: Volume | undefined) => (x?.capacity ?? 0) >= desired;
  await sendConfirmed(op, d, "expand", () => client.expandVolume(v.volume_id, desired, o), read, grown);
  return await op.waitFor(read, grown, { deadline: d, what: `capacity ${desired} MB` }) as Volume;
}

/** delete: refused while any copy session uses the volume (looked up, not left to the array); gone = done. */
export async function deleteVolume(op: Operation, o: RemoteVolumeOutputs): Promise<void> {
  const d = op.deadline(volumeOperationSeconds(o));
  const opts: CallOptions = { signal: d.signal };
  const client = op.client(o.array);
  await op.withDeadline(d, `RemoteVolume ${volumeLabel(o)} delete`, async () => {
    const v = await currentVolume(client, o.volumeId, o.uid, opts);
    if (!v) {
      op.log.info(`volume_id ${o.volumeId} is already gone from array "${o.array}"`);
      return;
    }
    const users = await volumeUsers(client, o.volumeId, opts);
    if (users.length) {
      throw new PreflightError("volume-in-use", `RemoteVolume ${volumeLabel(o)}: refusing to delete volume "${v.name}" (volume_id ${o.volumeId}) on array "${o.array}": it is still used by ${users.join("; ")}. Delete the RecSyncSession first (Pulumi does this when the session depends on the volume)`);
    }
    op.log.warn(deletesData(o));
    await client.deleteVolume(o.volumeId, opts);
    await op.waitFor((s) => currentVolume(client, o.volumeId, o.uid, { signal: s }), (x) => x === undefined, { deadline: d, what: `volume_id ${o.volumeId} to disappear` });
    op.log.info(`deleted volume_id ${o.volumeId}`);
  });
}
