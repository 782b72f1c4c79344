/**
 * RecSyncSession check(): validates the declaration field by field (each failure names the field and the
 * fix), then fills the stored defaults from the schema. Runs during `pulumi preview` with unknowns.
 */
import { normalizeEnum, THROUGH_MODE, TransferMode } from "../../api/dialect";
import type { ProviderConfig } from "../../config";
import { Checker, present, type CheckFailure } from "../common/checker";
import { checkVolumeSelector } from "../common/volume-selector";
import { issuesAsFailures } from "../common/shapes";
import { isUnknown, stripProvider, type Props } from "../common/unknown";
import {
  DIRECTIONS, inputsSchema, RECOVERY_MODES, SESSION_DEFAULTS, SOURCE_VOLUME_KEYS, SPLIT_MODES, TRANSFER_MODES, type RecSyncSessionInputs,
} from "./schema";

/**
 * The result depends on `news` alone: olds are empty for a create AND for the second check of a
 * replacement, and hold whatever refresh recorded otherwise, so no rule may look at them.
 */
export function checkRecSyncSession(cfg: ProviderConfig, newsRaw: unknown): { inputs: RecSyncSessionInputs; failures: CheckFailure[] } {
  const news = stripProvider(newsRaw);
  const c = new Checker(cfg);
  c.array("sourceArray", news.sourceArray);
  c.array("destinationArray", news.destinationArray);
  checkVolumeSelector(c, news, SOURCE_VOLUME_KEYS);
  c.integer("destinationVolumeId", news.destinationVolumeId, { min: 0, required: true, what: "the REST volume_id of the mirror volume on destinationArray" });
  if (!isUnknown(news.sourceArray) && !isUnknown(news.destinationArray) && typeof news.sourceArray === "string"
    && news.sourceArray !== "" && news.sourceArray === news.destinationArray) {
    c.fail("destinationArray", `destinationArray must differ from sourceArray ("${news.sourceArray}"): REC copies to a remote array`
      + (news.sourceVolumeId === news.destinationVolumeId ? "; source and destination are the same volume" : ""));
  }

  c.enumeration("transferMode", news.transferMode, TRANSFER_MODES, (v) =>
    normalizeEnum(v) === normalizeEnum(THROUGH_MODE)
      ? `transferMode "${v}" cannot be set: the REST API (PATCH /copysession) accepts only ${TRANSFER_MODES.join(", ")}; Through mode is not supported`
      : undefined);
  c.enumeration("splitMode", news.splitMode, SPLIT_MODES);
  c.enumeration("recoveryMode", news.recoveryMode, RECOVERY_MODES);
  c.enumeration("direction", news.direction, DIRECTIONS);
  c.boolean("suspended", news.suspended);
  c.boolean("waitForEquivalent", news.waitForEquivalent);
  c.boolean("adopt", news.adopt);
  c.boolean("failover", news.failover);
  c.boolean("acceptIncompleteMirror", news.acceptIncompleteMirror);
  c.positiveNumber("timeoutSeconds", news.timeoutSeconds, "seconds");
  c.bookkeeping(news);

  const inputs = withDefaults(news);
  // Split mode means nothing for the asynchronous modes (the array reports Manual there). A value present
  // with such a mode is dropped, never refused: check() sees the same news after a refresh, under
  // ignoreChanges and in a replacement's re-check (empty olds), and cannot tell a carried-over value
  // from a declared one, so the answer depends on the news alone.
  if (present(news.splitMode) && isAsynchronous(inputs.transferMode)) delete inputs.splitMode;
  // A volume declared by name or number gets its id from the provider's check (resolveSourceVolume); the
  // schema's last word then waits for it.
  if (c.failures.length === 0 && present(inputs.sourceVolumeId)) c.failures.push(...schemaFailures(inputs));
  return { inputs: inputs as unknown as RecSyncSessionInputs, failures: c.failures };
}

function isAsynchronous(mode: unknown): boolean {
  return !isUnknown(mode) && mode !== TransferMode.Synchronous && TRANSFER_MODES.includes(mode as never);
}

/** The schema has the last word on shapes (only when every value is known). */
export function schemaFailures(inputs: Props): CheckFailure[] {
  if (Object.values(inputs).some(isUnknown)) return [];
  const parsed = inputsSchema.safeParse(inputs);
  return parsed.success ? [] : issuesAsFailures(parsed.error.issues);
}

/** The declaration plus the stored defaults (unknowns kept as they are). */
function withDefaults(news: Props): Props {
  const out: Props = { ...news };
  for (const [k, v] of Object.entries(SESSION_DEFAULTS)) if (!present(out[k])) out[k] = v;
  return out;
}
