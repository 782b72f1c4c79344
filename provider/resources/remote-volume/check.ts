/**
 * RemoteVolume check(): validates the declaration (runs during `pulumi preview`, unknowns accepted) and
 * fills the stored default of `adopt` from the schema.
 */
import { VOLUME_CAPACITY_MAX_MB, volumeNameProblem } from "../../api/dialect";
import type { ProviderConfig } from "../../config";
import { Checker, present, type CheckFailure } from "../common/checker";
import { issuesAsFailures } from "../common/shapes";
import { isUnknown, stripProvider, type Props } from "../common/unknown";
import { checkVolumeSelector } from "../common/volume-selector";
import { inputsSchema, SIZE_FROM_KEYS, VOLUME_DEFAULTS, type RemoteVolumeInputs } from "./schema";

function hasUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  return typeof v === "object" && v !== null && Object.values(v).some(hasUnknown);
}

/**
 * RemoteVolume check(): every failure names the field and the fix. The inputs stay Props: in preview they
 * may hold unknowns; checkedInputs gives the typed inputs once every value is known.
 */
export function checkRemoteVolume(cfg: ProviderConfig, newsRaw: unknown): { inputs: Props; failures: CheckFailure[] } {
  const news = stripProvider(newsRaw);
  const c = new Checker(cfg);
  c.array("array", news.array);

  if (!isUnknown(news.name)) {
    const problem = volumeNameProblem(news.name);
    if (problem) c.fail("name", `name ${problem} (ETERNUS volume names: 1-32 printable ASCII characters, no "," or "?", not starting with $VVOL_META, $DATA_CNTNR or $SYSVOL)`);
  }

  const hasCap = news.capacityMb !== undefined && news.capacityMb !== null;
  const hasSize = news.sizeFrom !== undefined && news.sizeFrom !== null;
  if (hasCap && hasSize) c.fail("capacityMb", "set either capacityMb or sizeFrom, not both");
  else if (!hasCap && !hasSize) c.fail("capacityMb", "one of capacityMb (MB) or sizeFrom ({array, volumeId | volumeName | volumeNumber} of the business volume) is required");
  if (hasCap && !isUnknown(news.capacityMb)) {
    const v = news.capacityMb;
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      c.fail("capacityMb", `capacityMb must be a positive integer number of MB, got ${JSON.stringify(v)}`);
    } else if (v > VOLUME_CAPACITY_MAX_MB) {
      c.fail("capacityMb", `capacityMb must be at most ${VOLUME_CAPACITY_MAX_MB} MB, got ${v}`);
    }
  }
  if (hasSize && !isUnknown(news.sizeFrom)) {
    const s = news.sizeFrom;
    if (typeof s !== "object" || Array.isArray(s)) {
      c.fail("sizeFrom", "sizeFrom must be an object {array, volumeId}");
    } else {
      const so = s as Record<string, unknown>;
      c.array("sizeFrom.array", so.array);
      checkVolumeSelector(c, so, SIZE_FROM_KEYS, "sizeFrom.");
    }
  }

  const hasTpp = news.tppId !== undefined && news.tppId !== null;
  const hasRg = news.raidGroupId !== undefined && news.raidGroupId !== null;
  if (hasTpp && hasRg) c.fail("tppId", "set exactly one of tppId (thin pool, creates a TPV) or raidGroupId (RAID group, creates a Standard volume), not both");
  else if (!hasTpp && !hasRg) c.fail("tppId", "one of tppId (thin pool, creates a TPV) or raidGroupId (RAID group, creates a Standard volume) is required");
  c.integer("tppId", news.tppId, { min: 0, what: "thin provisioning pool id" });
  c.integer("raidGroupId", news.raidGroupId, { min: 0, what: "RAID group id" });
  c.boolean("adopt", news.adopt);
  c.boolean("reserveSessionSlot", news.reserveSessionSlot);
  c.bookkeeping(news);

  const inputs: Props = { ...news, adopt: present(news.adopt) ? news.adopt : VOLUME_DEFAULTS.adopt };
  if (c.failures.length === 0) c.failures.push(...schemaFailures(inputs));
  return { inputs, failures: c.failures };
}

/** The typed inputs of a check without failures and without unknowns (create, update): the schema's parse. */
export function checkedInputs(inputs: Props): RemoteVolumeInputs {
  return inputsSchema.parse(inputs);
}

/** The schema has the last word on shapes (only when every value is known). */
export function schemaFailures(inputs: Props): CheckFailure[] {
  if (hasUnknown(inputs)) return [];
  const parsed = inputsSchema.safeParse(inputs);
  return parsed.success ? [] : issuesAsFailures(parsed.error.issues);
}
