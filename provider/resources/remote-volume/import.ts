/**
 * RemoteVolume import by id alone (`pulumi import eternus:index:RemoteVolume <name> <array>/<volume_id>`):
 * the state the volume would have had if Pulumi had made it, then the refresh code (provider.ts read) on
 * it, so import and refresh answer alike (also the inputs: a refresh right after the import shows no
 * change). The Pulumi id becomes the volume_id, as create stores it. The imported inputs name the size as
 * capacityMb (a program that declares sizeFrom instead shows a change).
 */
import { withClientLease } from "../../client";
import { operation } from "../common/operation";
import { parseImportId } from "../common/import-id";
import type { Props } from "../common/unknown";
import { poolOf } from "./outputs";
import { read } from "./provider";
import { VOLUME_DEFAULTS, VOLUME_OPERATION_TIMEOUT_SECONDS } from "./schema";

async function importOperation(provider: unknown, id: string, bookkeeping: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const { array, number: volumeId } = parseImportId("RemoteVolume", id, "volume_id");
  const op = operation(provider, "RemoteVolume", `${array}/${volumeId}`, bookkeeping.resourceUrn);
  const signal = op.deadline(VOLUME_OPERATION_TIMEOUT_SECONDS).signal;
  const client = op.client(array);
  const [v, system] = await Promise.all([client.getVolume(volumeId, { signal }), client.getStorageSystem({ signal })]);
  if (!v) {
    op.log.warn(`volume_id ${volumeId} does not exist on array "${array}": nothing to import`);
    return { id: "", props: {} };
  }
  const stored = {
    ...bookkeeping, array, name: v.name, capacityMb: v.capacity, ...poolOf(v), adopt: VOLUME_DEFAULTS.adopt,
    volumeId: v.volume_id, volumeNumber: v.number, uid: v.uid, status: v.status, boxId: system.boxid, volumeType: v.type,
  };
  return read(provider, String(v.volume_id), stored);
}

export const importById = withClientLease(importOperation);
