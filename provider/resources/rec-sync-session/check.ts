/**
 * RecSyncSession check(): validates the declaration (each failure names the field and the fix), then
 * fills the stored defaults. Runs during `pulumi preview` with unknowns. One rule per field: each field's
 * own shape is its zod rule (schema.ts); here only the stack config and the rules across fields.
 */
import { TransferMode } from "../../api/dialect";
import type { ProviderConfig } from "../../config";
import { Checker, present, type CheckFailure } from "../common/checker";
import { parsedInputs } from "../common/shapes";
import { isUnknown, stripProvider, type Props } from "../common/unknown";
import { checkVolumeSelector } from "../common/volume-selector";
import { checkedSchema, inputsSchema, SESSION_DEFAULTS, SOURCE_VOLUME_KEYS, TRANSFER_MODES, type RecSyncSessionInputs } from "./schema";

/**
 * The result depends on `news` alone: olds are empty for a create AND for the second check of a
 * replacement, and hold whatever refresh recorded otherwise, so no rule may look at them. The inputs stay
 * Props (in preview they may hold unknowns); `checkedInputs` types them once every value is known.
 */
export function checkRecSyncSession(cfg: ProviderConfig, newsRaw: unknown): { inputs: Props; failures: CheckFailure[] } {
  const news = stripProvider(newsRaw);
  const c = new Checker(cfg);
  c.fields(checkedSchema, news);
  c.configuredArray("sourceArray", news.sourceArray);
  c.configuredArray("destinationArray", news.destinationArray);
  checkVolumeSelector(c, news, SOURCE_VOLUME_KEYS);
  if (!isUnknown(news.sourceArray) && !isUnknown(news.destinationArray) && typeof news.sourceArray === "string"
    && news.sourceArray !== "" && news.sourceArray === news.destinationArray) {
    c.fail("destinationArray", `destinationArray must differ from sourceArray ("${news.sourceArray}"): REC copies to a remote array`
      + (news.sourceVolumeId === news.destinationVolumeId ? "; source and destination are the same volume" : ""));
  }
  const inputs = withDefaults(news);
  // Split mode means nothing for the asynchronous modes (the array reports Manual there). A value present
  // with such a mode is dropped, never refused: check() sees the same news after a refresh, under
  // ignoreChanges and in a replacement's re-check (empty olds), and cannot tell a carried-over value
  // from a declared one, so the answer depends on the news alone.
  if (present(news.splitMode) && isAsynchronous(inputs.transferMode)) delete inputs.splitMode;
  return { inputs, failures: c.failures };
}

function isAsynchronous(mode: unknown): boolean {
  return !isUnknown(mode) && mode !== TransferMode.Synchronous && TRANSFER_MODES.some((m) => m === mode);
}

/** The declaration plus the stored defaults (unknowns kept as they are). */
function withDefaults(news: Props): Props {
  const out: Props = { ...news };
  for (const [k, v] of Object.entries(SESSION_DEFAULTS)) if (!present(out[k])) out[k] = v;
  return out;
}

/** The typed inputs of a check without failures (create, update): nothing may still be unknown. */
export function checkedInputs(label: string, inputs: Props): RecSyncSessionInputs {
  return parsedInputs(inputsSchema, `RecSyncSession ${label}`, inputs);
}
