/** What the RecSyncSession operations share: the checked inputs, the labelled operation, ids, contexts. */
import { configOf } from "../../config";
import type { EternusClient } from "../../client/types";
import { InvalidInputsError } from "../common/errors";
import { operation, type Operation } from "../common/operation";
import type { Props } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { checkedInputs, checkRecSyncSession } from "./check";
import { sessionLabel } from "./outputs";
import type { RecSyncSessionInputs, RecSyncSessionOutputs } from "./schema";
import { findPeerSession, isOurSession } from "./lookups";
import { sharedReads } from "./shared-reads";
import type { RunContext } from "./steps";

export function sessionOperation(provider: unknown, n: Parameters<typeof sessionLabel>[0] & { resourceUrn?: unknown }): Operation {
  return operation(provider, "RecSyncSession", sessionLabel(n), n.resourceUrn);
}

/** check() again at create/update: the engine may skip preview, and nothing may still be unknown. */
export function checkedOrThrow(provider: unknown, raw: Props): RecSyncSessionInputs {
  const { inputs, failures } = checkRecSyncSession(configOf(provider), raw);
  const label = sessionLabel(inputs);
  if (failures.length) throw new InvalidInputsError(`RecSyncSession ${label}: invalid inputs: ${failures.map((f) => f.reason).join("; ")}`, failures);
  return checkedInputs(label, inputs);
}

/** The Pulumi id: `<sourceArray>/<copysession_id>`. */
export function resourceId(o: { sourceArray: string; copySessionId: number }): string {
  return `${o.sourceArray}/${o.copySessionId}`;
}

/**
 * Steps through the source array, with identity checked on every read. Reads and wait sleeps are shared
 * with the other sessions on that array (shared-reads.ts): N waiting sessions, ~one list request per tick.
 * A session the destination array created (rebuild.ts) takes its operations there, on that array's id for it.
 */
export function runContext(op: Operation, client: EternusClient, o: RecSyncSessionOutputs, deadline: Deadline): RunContext {
  const shared = sharedReads(client, op.rt);
  const actOn = o.createdOn === "destination" && typeof o.remoteCopySessionId === "number"
    ? { client: op.client(o.destinationArray), arrayName: o.destinationArray, sessionId: o.remoteCopySessionId }
    : undefined;
  return {
    op, client, deadline, arrayName: o.sourceArray, sessionId: o.copySessionId, actOn,
    read: async (signal) => {
      const s = await shared.read(o.copySessionId, signal);
      return s && isOurSession(s, o) ? s : undefined;
    },
    sleep: shared.sleep.bind(shared),
  };
}

/** The peer view's key on the destination array (its local volume is the mirror). */
export function peerKey(o: RecSyncSessionOutputs) {
  return { destinationVolumeId: o.destinationVolumeId, sourceBoxId: o.sourceBoxId, sourceVolumeId: o.sourceVolumeId, remoteCopySessionId: o.remoteCopySessionId, copySessionId: o.copySessionId };
}

/** Steps through the destination array, on its own id for the session (failover with the source down). */
export function destinationContext(op: Operation, client: EternusClient, o: RecSyncSessionOutputs, peerId: number, deadline: Deadline): RunContext {
  const key = { ...peerKey(o), remoteCopySessionId: peerId };
  return {
    op, client, deadline, arrayName: o.destinationArray, sessionId: peerId,
    read: (signal) => findPeerSession(client, key, { signal }),
  };
}
