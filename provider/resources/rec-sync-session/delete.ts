/**
 * RecSyncSession delete: forced delete on the source array, wait until gone; then the peer view on the
 * destination array: gone within a short grace = fine, still there = a leftover (copy path down, as the
 * manual warns), force-deleted there. Works with only one array reachable (warnings say what is left).
 */
import type { EternusClient } from "../../client/types";
import { IncompleteError } from "../common/errors";
import type { Operation } from "../common/operation";
import { errorMessage, stripProvider, type Props } from "../common/unknown";
import type { Deadline } from "../common/waits";
import { peerKey, sessionOperation } from "./common";
import { findPeerSession, ourSession } from "./lookups";
import { sessionLabel } from "./outputs";
import { parseStoredOutputs, type RecSyncSessionOutputs } from "./schema";

export async function deleteSession(provider: unknown, propsRaw: Props): Promise<void> {
  const o = parseStoredOutputs(stripProvider(propsRaw));
  const op = sessionOperation(provider, o);
  const d = op.deadline(o.timeoutSeconds);
  const what = `RecSyncSession ${sessionLabel(o)} delete`;
  let sourceError: unknown;
  await op.withDeadline(d, what, async () => {
    try {
      await deleteOnSource(op, o, d);
    } catch (e) {
      sourceError = e;
      op.log.warn(`cannot delete on the source array "${o.sourceArray}": ${errorMessage(e)}; cleaning up the destination array anyway`);
    }
    try {
      await deleteLeftover(op, o, d, sourceError !== undefined);
    } catch (e) {
      if (sourceError) throw e;
      op.log.warn(`could not check destination array "${o.destinationArray}" for a leftover of this session: ${errorMessage(e)}. The session is deleted on "${o.sourceArray}"; if the copy path was down, delete the REC session on volume ${o.destinationVolumeId} of "${o.destinationArray}" (remote box ${o.sourceBoxId}) by hand, or it blocks a new session to that volume`);
    }
  });
  if (sourceError) {
    throw new IncompleteError(`${what}: the session may still exist on source array "${o.sourceArray}" (${errorMessage(sourceError)}); run pulumi destroy/up again when the array is reachable, or, if that array is gone for good, remove the resource from state with pulumi state delete`, sourceError);
  }
  op.log.info(`deleted copy session ${o.copySessionId}`);
}

async function deleteOnSource(op: Operation, o: RecSyncSessionOutputs, d: Deadline): Promise<void> {
  const client = op.client(o.sourceArray);
  // Identity right before the forced delete: an id the array reused for another pair is never touched.
  const s = await ourSession(client, o, { signal: op.probe(d).signal });
  if (!s) {
    op.log.info(`copy session ${o.copySessionId} is already gone from array "${o.sourceArray}"`);
    return;
  }
  op.log.info(`force-deleting copy session ${o.copySessionId} on array "${o.sourceArray}" (${s.status}/${s.phase}); the destination volume is kept`);
  await client.deleteCopySession(o.copySessionId, { forced: true }, { signal: d.signal });
  await op.waitFor((sig) => ourSession(client, o, { signal: sig }), (x) => x === undefined, {
    deadline: d, what: `session ${o.copySessionId} to disappear from "${o.sourceArray}"`,
    onProgress: (x) => op.log.info(`waiting for the delete on "${o.sourceArray}": ${x?.status}/${x?.phase}`),
  });
}

/** The peer view normally goes with the session; with the copy path down it stays and is deleted here. */
export async function deleteLeftover(op: Operation, o: RecSyncSessionOutputs, d: Deadline, sourceFailed: boolean): Promise<void> {
  const dclient: EternusClient = op.client(o.destinationArray);
  const peerRef = peerKey(o);
  let peer = await findPeerSession(dclient, peerRef, { signal: op.probe(d).signal });
  if (peer && !sourceFailed) {
    const grace = op.deadline(op.policy.peerGoneGraceMs / 1000, d);
    peer = await op.waitFor((sig) => findPeerSession(dclient, peerRef, { signal: sig }), (x) => x === undefined, { deadline: grace, what: "the peer view to go" })
      .catch(() => findPeerSession(dclient, peerRef, { signal: d.signal }));
  }
  if (!peer) return;
  op.log.warn(`leftover copy session ${peer.copysession_id} on destination array "${o.destinationArray}" (${peer.status}/${peer.phase}; copy path down?): force-deleting it there`);
  const leftoverId = peer.copysession_id;
  await dclient.deleteCopySession(leftoverId, { forced: true }, { signal: d.signal });
  await op.waitFor((sig) => findPeerSession(dclient, { ...peerRef, remoteCopySessionId: leftoverId }, { signal: sig }), (x) => x === undefined,
    { deadline: d, what: `leftover session ${leftoverId} to disappear from "${o.destinationArray}"` });
}
