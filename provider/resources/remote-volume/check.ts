/**
 * RemoteVolume check(): validates the declaration (runs during `pulumi preview`, unknowns accepted) and
 * fills the stored default of `adopt` from the schema. One rule per field: each field's own shape is its
 * zod rule (schema.ts); here only what zod cannot see alone: the stack config and the rules across fields.
 */
import type { ProviderConfig } from "../../config";
import { Checker, present, type CheckFailure } from "../common/checker";
import { parsedInputs } from "../common/shapes";
import { isRecord, stripProvider, type Props } from "../common/unknown";
import { checkVolumeSelector } from "../common/volume-selector";
import { inputsSchema, SIZE_FROM_KEYS, VOLUME_DEFAULTS, type RemoteVolumeInputs } from "./schema";

/**
 * Every failure names the field and the fix. The inputs stay Props: in preview they may hold unknowns;
 * `checkedInputs` gives the typed inputs once every value is known. The answer depends on `news` alone.
 */
export function checkRemoteVolume(cfg: ProviderConfig, newsRaw: unknown): { inputs: Props; failures: CheckFailure[] } {
  const news = stripProvider(newsRaw);
  const c = new Checker(cfg);
  c.fields(inputsSchema, news);
  c.configuredArray("array", news.array);
  exactlyOne(c, news, "capacityMb", "sizeFrom", {
    both: "set either capacityMb or sizeFrom, not both",
    none: "one of capacityMb (MB) or sizeFrom ({array, volumeId | volumeName | volumeNumber} of the business volume) is required",
  });
  const s = news.sizeFrom;
  if (isRecord(s)) {
    c.configuredArray("sizeFrom.array", s.array);
    checkVolumeSelector(c, s, SIZE_FROM_KEYS, "sizeFrom.");
  }
  exactlyOne(c, news, "tppId", "raidGroupId", {
    both: "set exactly one of tppId (thin pool, creates a TPV) or raidGroupId (RAID group, creates a Standard volume), not both",
    none: "one of tppId (thin pool, creates a TPV) or raidGroupId (RAID group, creates a Standard volume) is required",
  });
  return { inputs: { ...news, adopt: present(news.adopt) ? news.adopt : VOLUME_DEFAULTS.adopt }, failures: c.failures };
}

/** Two fields of which exactly one is declared; the failure is reported on the first. */
function exactlyOne(c: Checker, news: Props, a: string, b: string, say: { both: string; none: string }): void {
  const hasA = present(news[a]);
  const hasB = present(news[b]);
  if (hasA && hasB) c.fail(a, say.both);
  else if (!hasA && !hasB) c.fail(a, say.none);
}

/** The typed inputs of a check without failures (create, update): nothing may still be unknown. */
export function checkedInputs(label: string, inputs: Props): RemoteVolumeInputs {
  return parsedInputs(inputsSchema, `RemoteVolume ${label}`, inputs);
}
