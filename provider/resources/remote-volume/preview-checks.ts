/** RemoteVolume's opt-in preview checks (common/preview-checks.ts): the arrays answer; the sizeFrom volume exists. */
import type { CheckFailure } from "../common/checker";
import type { Operation } from "../common/operation";
import { isFailure, loginChecks, volumeCheck } from "../common/preview-checks";
import { isRecord, isUnknown, type Props } from "../common/unknown";

export async function previewCheckVolume(op: Operation, n: Props): Promise<CheckFailure[]> {
  const s = isRecord(n.sizeFrom) ? n.sizeFrom : undefined;
  const arrays: { property: string; array: string }[] = [];
  for (const [property, array] of [["array", n.array], ["sizeFrom.array", s?.array]] as const) {
    if (typeof array === "string" && !isUnknown(array) && !arrays.some((a) => a.array === array)) arrays.push({ property, array });
  }
  const failures = await loginChecks(op, arrays);
  if (failures.length || !s || typeof s.volumeId !== "number" || typeof s.array !== "string") return failures;
  const v = await volumeCheck(op, "sizeFrom.volumeId", s.array, s.volumeId);
  return isFailure(v) ? [v] : [];
}
