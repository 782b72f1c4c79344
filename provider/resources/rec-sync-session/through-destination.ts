/**
 * The session seen from the destination array, for when the source array (the business site) does not
 * answer: refresh reads it there, and a failover force-suspends it there on the destination's own id
 * (dialect DESTINATION_SIDE_OPERATIONS). The destination's view names the pair the other way round
 * (its local volume is the mirror), so directions are translated back to the declaration's.
 */
import type { CopySession } from "../../client/types";
import type { Operation } from "../common/operation";
import { jsonPlain } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { peerKey } from "./common";
import { findPeerSession } from "./lookups";
import { observe, outputsOf } from "./outputs";
import type { ObservedSession } from "./plan";
import type { RecSyncSessionInputs, RecSyncSessionOutputs } from "./schema";

/** The peer view as the declaration sees it: copying towards the destination array = Forward. */
export function observePeer(peer: CopySession, fallback: { transferMode: string; recoveryMode: string }): ObservedSession {
  return { ...observe(peer, fallback), direction: peer.is_local_source_volume === false ? "Forward" : "Reverse" };
}

/** Outputs from the peer view: ids stay those of the source array (the resource id does not change). */
export function outputsThroughDestination(n: RecSyncSessionInputs | RecSyncSessionOutputs, peer: CopySession, o: RecSyncSessionOutputs): RecSyncSessionOutputs {
  const viaSource = outputsOf(n, { ...peer, is_local_source_volume: peer.is_local_source_volume === false }, { sourceBoxId: o.sourceBoxId, destinationBoxId: o.destinationBoxId });
  return jsonPlain({ ...viaSource, copySessionId: o.copySessionId, remoteCopySessionId: peer.copysession_id, observedThrough: "destination" as const, createdOn: o.createdOn });
}

export async function peerView(op: Operation, o: RecSyncSessionOutputs, d: Deadline): Promise<CopySession | undefined> {
  return findPeerSession(op.client(o.destinationArray), peerKey(o), { signal: d.signal });
}
