/**
 * RemoteVolume: the provider methods behind the serialized shell (resource.ts), reached through the
 * package's stable entry (provider/entry.ts). Thin: check.ts validates, plan.ts decides (diff, grow),
 * create.ts and steps.ts act on the array, lookups.ts reads it with identity, outputs.ts shapes the state.
 * read (refresh): gone (404, or the id now names another volume: uid differs) -> removed from state.
 */
import { withClientLease } from "../../client";
import { configOf } from "../../config";
import type { CheckFailure } from "../common/checker";
import { InvalidInputsError } from "../common/errors";
import type { Operation } from "../common/operation";
import { previewChecksMode } from "../common/preview-checks";
import { askArray } from "../common/unanswered-arrays";
import { errorMessage, isRecord, isUnknown, jsonPlain, stripProvider, type Props } from "../common/unknown";
import { resolveVolumeSelector } from "../common/volume-selector";
import { checkedInputs, checkRemoteVolume } from "./check";
import { createRemoteVolume } from "./create";
import { refreshedVolume, sizeFromCapacity } from "./lookups";
import { inputsFromVolume, outputsOf, volumeLabel, volumeOperation } from "./outputs";
import { planDiff, type VolumeDiff } from "./plan";
import { previewCheckVolume } from "./preview-checks";
import { DIFF_LOOKUP_TIMEOUT_SECONDS, parseStoredOutputs, SIZE_FROM_KEYS, VOLUME_OPERATION_TIMEOUT_SECONDS, type RemoteVolumeInputs } from "./schema";
import { deleteVolume, updateVolume } from "./steps";

async function checkOperation(provider: unknown, oldsRaw: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const { inputs, failures } = checkRemoteVolume(configOf(provider), news);
  const s = inputs.sizeFrom;
  if (!failures.length && isRecord(s)) {
    // A business volume named by name or number: its volume_id, kept from the previous inputs while unchanged.
    const oldRef = stripProvider(oldsRaw).sizeFrom;
    const olds = isRecord(oldRef) ? oldRef : undefined;
    const urn = typeof inputs.resourceUrn === "string" ? inputs.resourceUrn : undefined;
    const failure = await resolveVolumeSelector(volumeOperation(provider, inputs), s.array, s, olds, olds?.array, SIZE_FROM_KEYS, "sizeFrom.", urn);
    if (failure) failures.push(failure);
  }
  const mode = previewChecksMode(configOf(provider), "array");
  if (mode !== "off" && mode !== "on") failures.push(mode);
  else if (mode === "on" && !failures.length) failures.push(...await previewCheckVolume(volumeOperation(provider, inputs), inputs));
  return { inputs: jsonPlain(inputs), failures };
}

/** diff (runs in preview; olds are the OLD OUTPUTS). Only a sizeFrom lookup reads the array (bounded). */
async function diffOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props): Promise<VolumeDiff> {
  const o = parseStoredOutputs(stripProvider(oldsRaw), id);
  const n = stripProvider(newsRaw); // checked inputs; in preview any value may be unknown
  const op = volumeOperation(provider, n);
  const { diff, info, warn } = planDiff(o, n, await desiredCapacity(op, n));
  if (info) op.log.info(info);
  if (warn) op.log.warn(warn);
  return diff;
}

/** Declared capacity, or the business volume's current size (best effort, read-only, bounded). */
async function desiredCapacity(op: Operation, n: Props): Promise<number | "unknown" | undefined> {
  if (n.capacityMb !== undefined) return isUnknown(n.capacityMb) ? "unknown" : Number(n.capacityMb);
  const s = n.sizeFrom;
  if (s === undefined) return undefined;
  if (!isRecord(s)) return "unknown";
  if (isUnknown(s.array) || isUnknown(s.volumeId)) return "unknown";
  const sizeFrom = { array: String(s.array), volumeId: typeof s.volumeId === "number" ? s.volumeId : undefined };
  try {
    // diff of many mirrors (preview, refresh) reads every business volume: one sweep of the source array.
    // The engine runs diffs one after another: a source that does not answer within the reachability probe
    // is asked by the first of them only (common/unanswered-arrays.ts); the others skip it at once.
    const bound = op.probe(op.deadline(DIFF_LOOKUP_TIMEOUT_SECONDS));
    return await askArray(op, sizeFrom.array, bound, (signal) => sizeFromCapacity(op, sizeFrom, { signal }, "swept"));
  } catch (e) {
    op.log.warn(`cannot read the size of sizeFrom volume ${sizeFrom.volumeId} on "${sizeFrom.array}" (${errorMessage(e)}); assuming it is unchanged`);
    return undefined;
  }
}

/** check() again at create/update: the engine may skip preview, and nothing may still be unknown. */
function checkedOrThrow(provider: unknown, raw: Props): RemoteVolumeInputs {
  const { inputs, failures } = checkRemoteVolume(configOf(provider), raw);
  if (failures.length) throw new InvalidInputsError(`RemoteVolume ${volumeLabel(inputs)}: invalid inputs: ${failures.map((f) => f.reason).join("; ")}`, failures);
  return checkedInputs(volumeLabel(inputs), inputs);
}

async function createOperation(provider: unknown, newsRaw: Props): Promise<{ id: string; outs: Props }> {
  const n = checkedOrThrow(provider, newsRaw);
  return createRemoteVolume(volumeOperation(provider, n), n);
}

/** read (refresh): gone or reused id -> removed from state; out-of-band renames and resizes warn. */
async function readOperation(provider: unknown, id: string, propsRaw: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const o = parseStoredOutputs(stripProvider(propsRaw), id);
  const op = volumeOperation(provider, o);
  const signal = op.deadline(VOLUME_OPERATION_TIMEOUT_SECONDS).signal;
  const v = await refreshedVolume(op, op.client(o.array), o.volumeId, o.uid, { signal });
  if (!v) {
    op.log.warn(`volume_id ${o.volumeId} no longer exists on array "${o.array}" (or the id now names another volume): removed from state`);
    return { id: "", props: {} };
  }
  const inputs = inputsFromVolume(o, v);
  if (v.name !== o.name) op.log.warn(`renamed outside Pulumi: "${o.name}" -> "${v.name}"; the next update renames it back`);
  if (v.capacity !== o.capacityMb) op.log.warn(`capacity changed outside Pulumi: ${o.capacityMb} -> ${v.capacity} MB`);
  return { id, props: outputsOf(inputs, v, o.boxId), inputs: jsonPlain(inputs) };
}

async function updateOperation(provider: unknown, id: string, oldsRaw: Props, newsRaw: Props): Promise<{ outs: Props }> {
  const old = parseStoredOutputs(stripProvider(oldsRaw), id);
  const n = checkedOrThrow(provider, newsRaw);
  return updateVolume(volumeOperation(provider, n), id, old, n, newsRaw.__provider);
}

async function removeOperation(provider: unknown, id: string, propsRaw: Props): Promise<void> {
  const o = parseStoredOutputs(stripProvider(propsRaw), id);
  await deleteVolume(volumeOperation(provider, o), o);
}

// Every operation that may talk to an array holds a client lease: no idle logout while one runs.
export const check = withClientLease(checkOperation);
export const diff = withClientLease(diffOperation);
export const create = withClientLease(createOperation);
export const read = withClientLease(readOperation);
export const update = withClientLease(updateOperation);
export const remove = withClientLease(removeOperation);
