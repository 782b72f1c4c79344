/**
 * RemoteVolume: what diff and update decide, without I/O. Renaming is in place (PATCH new_name); growing is
 * an expand (TPV only, refused while a copy session uses the volume); shrinking, another pool or another
 * array is a replacement, delete first (the data is not copied).
 */
import { enumEquals } from "../../api/dialect";
import type { Volume } from "../../client/types";
import { PreflightError } from "../common/errors";
import { changed, isUnknown, type Props } from "../common/unknown";
import { volumeLabel } from "./outputs";
import type { RemoteVolumeInputs, RemoteVolumeOutputs } from "./schema";

/** Changing one of these replaces the volume. */
export const REPLACE_FIELDS = ["array", "tppId", "raidGroupId"] as const;

export interface VolumeDiff { changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }

/** The diff and its preview lines; `desired` is the capacity wanted ("unknown" in preview, undefined when not known). */
export function planDiff(o: RemoteVolumeOutputs, n: Props, desired: number | "unknown" | undefined): { diff: VolumeDiff; info: string; warn?: string } {
  const replaces: string[] = REPLACE_FIELDS.filter((k) => changed(o[k], n[k]));
  const notes: string[] = [];
  let inPlace = n.sizeFrom !== undefined && changed(o.sizeFrom, n.sizeFrom);
  if (desired === "unknown") {
    inPlace = true;
    notes.push("capacity known at apply time (grow = expand, shrink = replacement)");
  } else if (desired !== undefined && desired !== o.capacityMb) {
    if (desired < o.capacityMb) {
      replaces.push("capacityMb");
      notes.push(`shrink ${o.capacityMb} -> ${desired} MB is impossible on the array (volumes only grow)`);
    } else {
      inPlace = true;
      notes.push(`expand ${o.capacityMb} -> ${desired} MB (TPV only; refused while a copy session uses the volume)`);
    }
  }
  if (changed(o.name, n.name)) {
    inPlace = true;
    notes.push(isUnknown(n.name) ? "rename (new name known at apply time)" : `rename "${o.name}" -> "${String(n.name)}" (PATCH new_name)`);
  }
  if (changed(o.providerVersion, n.providerVersion)) {
    inPlace = true;
    notes.push(`record provider version ${o.providerVersion ?? "(none)"} -> ${String(n.providerVersion)}`);
  }
  if (replaces.length) {
    return {
      diff: { changes: true, replaces, deleteBeforeReplace: true },
      info: `will REPLACE (delete first, then create; the data is NOT copied): ${replaces.join(", ")} changed${notes.length ? `; ${notes.join("; ")}` : ""}`,
      warn: deletesData(o),
    };
  }
  if (!inPlace) return { diff: { changes: false }, info: "" };
  return { diff: { changes: true }, info: `will update in place: ${notes.join("; ") || "record new inputs"}` };
}

/**
 * What a delete of this volume loses and how to keep it. The engine asks a dynamic provider nothing when it
 * plans a plain delete (destroy, or the resource removed from the program), so preview can state this only
 * for a replacement; the delete itself says it again.
 */
export function deletesData(o: RemoteVolumeOutputs): string {
  return `deleting volume "${o.name}" (volume_id ${o.volumeId}) on array "${o.array}" deletes its data: if it is a REC mirror, the DR copy is gone and a new session starts with a full initial copy. To keep the volume and its data, give the resource the option retainOnDelete: true (MirroredVolume: retainMirrorVolume: true) before the up; Pulumi then deletes only the session and leaves the volume on the array`;
}

/** Whether the volume grows to `desired` MB: "none", "expand", or refused (thrown) before anything is sent. */
export function planGrow(n: RemoteVolumeInputs, v: Volume, desired: number): "none" | "expand" {
  const who = `RemoteVolume ${volumeLabel(n)}`;
  if (desired < v.capacity) {
    throw new PreflightError("shrink", `${who}: cannot shrink volume_id ${v.volume_id} from ${v.capacity} to ${desired} MB: ETERNUS volumes only grow; a smaller size needs a new volume (replacement)`);
  }
  if (desired === v.capacity) return "none";
  if (!enumEquals(v.type, "TPV") && v.type !== undefined) {
    throw new PreflightError("expand-not-tpv", `${who}: cannot expand volume_id ${v.volume_id}: it is a ${v.type} volume and the array expands TPV (thin) volumes only; use a volume in a thin pool (tppId) or replace it`);
  }
  return "expand";
}

/** An expand is refused while any copy session uses the volume (`using`: sessionsUsing's names). */
export function refuseExpandInUse(n: RemoteVolumeInputs, v: Volume, desired: number, using: string[]): void {
  if (using.length) {
    throw new PreflightError("expand-in-session", `RemoteVolume ${volumeLabel(n)}: cannot expand volume_id ${v.volume_id} from ${v.capacity} to ${desired} MB while ${using.join("; ")} exists: the array refuses to expand a volume in a full-range (Totally) copy session. Procedure: delete the RecSyncSession (e.g. comment it out and pulumi up), expand the business volume and this volume to the same size, then declare the session again (full initial copy)`);
  }
}
