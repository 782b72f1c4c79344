/**
 * RecSyncSession's opt-in preview-time checks (common/preview-checks.ts): both arrays answer with the
 * configured credentials and CA, the volumes exist with the same size when their ids are known, and the
 * business volume has a session slot left: sessions on the array plus the new ones planned in this run.
 */
import { MAX_SESSIONS_PER_SOURCE } from "../../api/dialect";
import { PREVIEW_CHECKS_CONFIG_KEY } from "../../config";
import type { CheckFailure } from "../common/checker";
import type { Operation } from "../common/operation";
import { isFailure, loginChecks, recordPlannedSession, PREVIEW_CHECK_TIMEOUT_SECONDS, volumeCheck } from "../common/preview-checks";
import { businessKey } from "../common/session-slots";
import { errorMessage, isUnknown, type Props } from "../common/unknown";
import { sessionLabel } from "./outputs";

export async function previewCheckSession(op: Operation, n: Props, hasOlds: boolean): Promise<CheckFailure[]> {
  const known = (v: unknown) => v !== undefined && !isUnknown(v);
  const arrays = [{ property: "sourceArray", array: n.sourceArray }, { property: "destinationArray", array: n.destinationArray }]
    .filter((a) => known(a.array)) as { property: string; array: string }[];
  const failures = await loginChecks(op, arrays);
  if (failures.length) return failures;

  const src = known(n.sourceArray) && typeof n.sourceVolumeId === "number" ? await volumeCheck(op, "sourceVolumeId", String(n.sourceArray), n.sourceVolumeId) : undefined;
  const dst = known(n.destinationArray) && typeof n.destinationVolumeId === "number" ? await volumeCheck(op, "destinationVolumeId", String(n.destinationArray), n.destinationVolumeId) : undefined;
  for (const v of [src, dst]) if (isFailure(v)) failures.push(v);
  if (src && dst && !isFailure(src) && !isFailure(dst) && src.capacity !== dst.capacity) {
    failures.push({ property: "destinationVolumeId", reason: `${PREVIEW_CHECKS_CONFIG_KEY}: destination volume_id ${dst.volume_id} has ${dst.capacity} MB but source volume_id ${src.volume_id} has ${src.capacity} MB: the manual requires the same size (RemoteVolume sizeFrom creates it so)` });
  }
  if (src && !isFailure(src)) {
    const resource = typeof n.resourceUrn === "string" ? n.resourceUrn : sessionLabel(n);
    const plannedBefore = recordPlannedSession(businessKey(String(n.sourceArray), src.volume_id), resource, hasOlds);
    if (!hasOlds) {
      try {
        const onArray = (await op.client(String(n.sourceArray)).getVolumeCopySessions(src.volume_id, { signal: op.deadline(PREVIEW_CHECK_TIMEOUT_SECONDS).signal }))?.backup_volume_list?.length ?? 0;
        if (onArray + plannedBefore >= MAX_SESSIONS_PER_SOURCE) {
          failures.push({ property: "sourceVolumeId", reason: `${PREVIEW_CHECKS_CONFIG_KEY}: source volume_id ${src.volume_id} on array "${String(n.sourceArray)}" has ${onArray} copy sessions${plannedBefore ? ` and ${plannedBefore} more planned in this run` : ""}: at most ${MAX_SESSIONS_PER_SOURCE} per source volume (fewer with local clones or snapshots), so this session could not be created` });
        }
      } catch (e) {
        failures.push({ property: "sourceVolumeId", reason: `${PREVIEW_CHECKS_CONFIG_KEY}: cannot read the copy sessions of volume_id ${src.volume_id} on array "${String(n.sourceArray)}": ${errorMessage(e)}` });
      }
    }
  }
  return failures;
}
