/**
 * The start state of a world: a thin pool and a RAID group on every array, the business volume on the first.
 * Kept out of world.ts so that the world is plain data and imports flow one way (volumes.ts -> world.ts).
 */
import { SEED } from "./sim-choices";
import { ArrayState } from "./types";
import { createVolumes } from "./volumes";
import { World, WorldOptions } from "./world";

export interface CreateWorldOptions extends WorldOptions {
  /** Default true. */
  seed?: boolean;
}

/** The seeded thin pool and RAID group (also what a rebuilt array gets back, site-outage.ts). */
export function seedPools(a: ArrayState): void {
  a.tpps.push({ id: SEED.tppId, name: SEED.tppName, capacityMb: SEED.tppCapacityMb });
  a.raidGroups.push({ id: SEED.raidGroupId, name: SEED.raidGroupName, capacityMb: SEED.raidGroupCapacityMb });
}

export function seedWorld(world: World): void {
  for (const a of world.arrays.values()) seedPools(a);
  const first = world.arrays.values().next().value;
  // The same code path as POST /volume, so the seeded volume is an ordinary one.
  if (first) createVolumes(world, first, { name: SEED.businessVolumeName, capacityMb: SEED.businessVolumeCapacityMb, tppId: SEED.tppId });
}

/** A new world, seeded unless `seed: false`. */
export function createWorld(o: CreateWorldOptions = {}): World {
  const world = new World(o);
  if (o.seed ?? true) seedWorld(world);
  return world;
}
