/** A two-array world on a ManualClock for pure model tests. */
import { ManualClock } from "../../../simulator/model/clock";
import { createRec } from "../../../simulator/model/rec-operations";
import { RecSession } from "../../../simulator/model/types";
import { createVolumes } from "../../../simulator/model/volumes";
import { createWorld } from "../../../simulator/model/seed";
import { World } from "../../../simulator/model/world";

export interface Fixture {
  clock: ManualClock;
  world: World;
  a: ReturnType<World["array"]>;
  b: ReturnType<World["array"]>;
  srcVol: number;
}

export function fixture(settings: Partial<World["settings"]> = {}): Fixture {
  const clock = new ManualClock();
  const world = createWorld({ clock, random: () => 0.5, settings: { copyRateMbps: 2000, jobLatencyMs: 100, ...settings } });
  const a = world.array("site-a");
  const b = world.array("site-b");
  const srcVol = [...a.volumes.values()][0]!.id;
  return { clock, world, a, b, srcVol };
}

let n = 0;
export function mirror(f: Fixture, o: { mode?: string; split?: string; recovery?: string; src?: number } = {}): RecSession {
  const src = o.src ?? f.srcVol;
  const cap = f.a.volumes.get(src)!.capacityMb;
  const [dst] = createVolumes(f.world, f.b, { name: `mirror${n++}`, capacityMb: cap, tppId: 0 });
  return createRec(f.world, f.a, {
    sourceVolumeId: src, destinationVolumeId: dst!.id, sourceBoxId: f.a.boxId, destinationBoxId: f.b.boxId,
    transferMode: o.mode ?? "Synchronous", splitMode: o.split, recoveryMode: o.recovery,
  });
}
