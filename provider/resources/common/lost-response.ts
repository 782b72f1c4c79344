/**
 * A mutating call whose response was lost (the request may or may not have reached the array): read the
 * object back and continue when the change took effect, or send it once more when it did not. A job the
 * array is still running shows its effect a little later, so the read-back waits a short, bounded time.
 */
import { isOutcomeUnknown } from "../../client/errors";
import type { Operation } from "./operation";
import type { Deadline } from "./waits";

/** How long a lost call may take to show its effect before it counts as not applied. */
export const LOST_RESPONSE_CONFIRM_SECONDS = 15;

export async function sendConfirmed<T>(
  op: Operation,
  d: Deadline,
  what: string,
  send: () => Promise<unknown>,
  read: (signal: AbortSignal) => Promise<T>,
  tookEffect: (value: T) => boolean,
): Promise<void> {
  try {
    await send();
    return;
  } catch (e) {
    if (!isOutcomeUnknown(e)) throw e;
    op.log.warn(`${what}: the response was lost (${(e as Error).message}); reading the array to see whether it took effect`);
  }
  const confirm = op.deadline(LOST_RESPONSE_CONFIRM_SECONDS, d);
  const applied = await op.waitFor(read, tookEffect, { deadline: confirm, what: `${what} to show` }).then(() => true, () => false);
  if (applied) {
    op.log.info(`${what}: the array shows it took effect; continuing`);
    return;
  }
  op.log.warn(`${what}: the array shows no change; sending it once more`);
  await send();
}
