/** Fixtures of the simulator tests: a started simulator with both arrays logged in (test/helpers/sim-rest.ts clients). */
import { SimRest } from "../helpers/sim-rest";
import { SimulatorHandle, SimulatorOptions, startSimulator } from "../../simulator";

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface TestSim {
  sim: SimulatorHandle;
  a: SimRest;
  b: SimRest;
  close(): Promise<void>;
}

/** Plain HTTP, fast copies and jobs unless the test says otherwise; both arrays logged in. */
export async function startTestSim(o: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({ http: true, copyRateMbps: 1_000_000, jobLatencyMs: 4, log: () => undefined, ...o });
  const [a, b] = sim.arrays.map((x) => new SimRest(x));
  await a!.login();
  await b!.login();
  return { sim, a: a!, b: b!, close: async () => { await Promise.all([a!.close(), b!.close()]); await sim.close(); } };
}

/** Create a same-size volume on b and an REC session from a's volume; returns [local id, remote id]. */
export async function createRec(t: TestSim, srcVol: number, o: { mode?: string; split?: string; recovery?: string; capacity?: number; dstName?: string } = {}): Promise<{ id: number; remoteId: number; dstVol: number }> {
  const cap = o.capacity ?? (await t.a.get(`/api/v1/volume/${srcVol}`)).capacity;
  const dstVol = await t.b.createVolume(o.dstName ?? `mirror_${srcVol}_${Math.floor(Math.random() * 1e9)}`, cap);
  const body: Record<string, unknown> = {
    source_volume_id: srcVol, destination_volume_id: dstVol, source_boxid: t.a.boxId, destination_boxid: t.b.boxId,
    transfer_mode: o.mode ?? "Synchronous",
  };
  if (o.split) body.split_mode = o.split;
  if (o.recovery) body.recovery_mode = o.recovery;
  const id = SimRest.createdId(await t.a.job("POST", "/copysession/rec", body));
  const s = await t.a.session(id);
  return { id, remoteId: s.remote_copysession_id, dstVol };
}
