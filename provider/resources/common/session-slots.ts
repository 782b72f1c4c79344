/**
 * Session slots promised to mirror volumes being prepared in this plugin process. A MirroredVolume creates
 * its mirror volume before its session; with eight sessions per business volume at most, the ninth of nine
 * parallel mirrors must be refused BEFORE its volume exists. The volume's create reserves a slot (under the
 * business volume's lock, common/keyed-lock.ts); the session's pre-flight counts the slots of the other
 * mirrors as taken and releases its own once the session exists.
 */
const slots = new Map<string, Set<string>>();

/** Lock and slot key of a business volume. */
export function businessKey(array: string, volumeId: number): string {
  return `${array}/${volumeId}`;
}

export function mirrorToken(destinationBoxId: string, destinationVolumeId: number | string): string {
  return `${destinationBoxId.toUpperCase()}:${destinationVolumeId}`;
}

export function reserve(key: string, token: string): void {
  let set = slots.get(key);
  if (!set) slots.set(key, (set = new Set()));
  set.add(token);
}

export function release(key: string, token: string): void {
  const set = slots.get(key);
  set?.delete(token);
  if (set && set.size === 0) slots.delete(key);
}

/** Slots reserved for mirrors of `key` other than `except`. */
export function reservedOthers(key: string, except?: string): number {
  const set = slots.get(key);
  if (!set) return 0;
  return set.size - (except !== undefined && set.has(except) ? 1 : 0);
}
