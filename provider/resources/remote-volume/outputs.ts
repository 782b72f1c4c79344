/**
 * RemoteVolume: from a volume as the array shows it to the state (outputs) and to the inputs a refresh
 * implies; the log label and the labelled operation.
 */
import { idFromHref } from "../../api/dialect";
import type { Volume } from "../../client/types";
import { operation, type Operation } from "../common/operation";
import { jsonPlain } from "../common/unknown";
import type { RemoteVolumeInputs, RemoteVolumeOutputs } from "./schema";

type Labelled = { resourceName?: unknown; array?: unknown; name?: unknown };

export function volumeLabel(n: Labelled): string {
  return typeof n.resourceName === "string" && n.resourceName ? n.resourceName : `${String(n.array)}/${String(n.name)}`;
}

export function volumeOperation(provider: unknown, n: Labelled & { resourceUrn?: unknown }): Operation {
  return operation(provider, "RemoteVolume", volumeLabel(n), n.resourceUrn);
}

/** Pool of a volume from allocated_resource_href (/api/v1/tpp/0, /api/v1/raidgroup/3). */
export function poolOf(v: Volume): { tppId?: number; raidGroupId?: number } {
  const href = typeof v.allocated_resource_href === "string" ? v.allocated_resource_href : "";
  const id = idFromHref(href);
  if (id === undefined) return {};
  if (/\/tpp\/\d+\/?$/.test(href)) return { tppId: id };
  if (/\/raid_?group\/\d+\/?$/i.test(href)) return { raidGroupId: id };
  return {};
}

export function outputsOf(inputs: RemoteVolumeInputs, v: Volume, boxId: string): RemoteVolumeOutputs {
  return jsonPlain({
    array: inputs.array,
    name: v.name,
    capacityMb: v.capacity,
    sizeFrom: inputs.sizeFrom,
    tppId: inputs.tppId,
    raidGroupId: inputs.raidGroupId,
    adopt: inputs.adopt,
    providerVersion: inputs.providerVersion,
    resourceName: inputs.resourceName,
    resourceUrn: inputs.resourceUrn,
    volumeId: v.volume_id,
    volumeNumber: v.number,
    uid: v.uid,
    status: v.status,
    boxId,
    volumeType: v.type,
  });
}

/**
 * The inputs a refreshed volume implies: its name, its size unless it follows sizeFrom, and its pool as the
 * array reports it (the declared one when the array does not say).
 */
export function inputsFromVolume(o: RemoteVolumeOutputs, v: Volume): RemoteVolumeInputs {
  const pool = poolOf(v);
  return {
    array: o.array, name: v.name, adopt: o.adopt, providerVersion: o.providerVersion, resourceName: o.resourceName, resourceUrn: o.resourceUrn,
    sizeFrom: o.sizeFrom, capacityMb: o.sizeFrom ? undefined : v.capacity,
    tppId: pool.tppId ?? (pool.raidGroupId === undefined ? o.tppId : undefined),
    raidGroupId: pool.raidGroupId ?? (pool.tppId === undefined ? o.raidGroupId : undefined),
  };
}
