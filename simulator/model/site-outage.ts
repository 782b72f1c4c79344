/**
 * Site outages [sim]: a whole array goes down (its REST port refuses or black-holes connections, handled by
 * the HTTP layer; every copy path to it is down) and comes back, either as it was or as a new, empty array
 * with a new box id under the same name (the site was rebuilt). Copy sessions react as to a path loss
 * (environment.ts); an empty return leaves the partners' views as leftovers to force-delete (dialect
 * DESTINATION_SIDE_OPERATIONS).
 */
import { haltSessionsBetween, recoverSessionsBetween } from "./environment";
import { BadRequest, InvalidState } from "./errors";
import { seedPools } from "./seed";
import { ArrayState, OutageMode } from "./types";
import { World, newArray } from "./world";

function peersOf(world: World, name: string): string[] {
  return [...world.arrays.keys()].filter((n) => n !== name);
}

function arrayNamed(world: World, name: string): ArrayState {
  const a = world.arrays.get(name);
  if (!a) throw new BadRequest("Unknown array", "name");
  return a;
}

/** Take the array down; a second call only changes how its port behaves. Returns the sessions halted. */
export function takeArrayDown(world: World, name: string, mode: OutageMode): number {
  const a = arrayNamed(world, name);
  const wasUp = a.outage === undefined;
  a.outage = mode;
  if (!wasUp) return 0;
  let halted = 0;
  for (const peer of peersOf(world, name)) halted += haltSessionsBetween(world, name, peer);
  return halted;
}

export interface RestoreResult {
  boxId: string;
  /** Sessions that went back to copying (recovery mode Automatic). */
  recovered: number;
  /** Sessions left on the peers without their partner (empty return only). */
  leftovers: number;
}

/**
 * The array is back. `empty`: it is a new machine: new box id, the seeded pools, no volumes, jobs, logins
 * or sessions; peers keep their views of the old sessions as leftovers (status Halt, no partner).
 */
export function restoreArray(world: World, name: string, o: { empty?: boolean } = {}): RestoreResult {
  const old = arrayNamed(world, name);
  if (old.outage === undefined) throw new InvalidState("The storage system is not down", "name");
  let leftovers = 0;
  if (o.empty) {
    leftovers = forgetArrayViews(world, name);
    world.arrays.set(name, emptyArray(name, (old.incarnation ?? 0) + 1));
  } else {
    old.outage = undefined;
  }
  let recovered = 0;
  for (const peer of peersOf(world, name)) recovered += recoverSessionsBetween(world, name, peer);
  return { boxId: world.array(name).boxId, recovered, leftovers };
}

/** The array's views disappear with it; sessions that still have a view elsewhere stay there. */
function forgetArrayViews(world: World, name: string): number {
  let leftovers = 0;
  for (const s of [...world.sessions.values()]) {
    if (!(name in s.views)) continue;
    world.dropView(s, name);
    if (world.sessions.has(s.key)) leftovers++;
  }
  return leftovers;
}

/** Pools as on a seeded array (a rebuilt site gets its storage back, not its volumes). */
function emptyArray(name: string, incarnation: number): ArrayState {
  const a = newArray(name, incarnation);
  seedPools(a);
  return a;
}
