/** An HTTP simulator on a ManualClock: jobs and copies finish when the test moves time, never by waiting. */
import * as assert from "node:assert/strict";
import { ManualClock } from "../../../simulator/model/clock";
import { SimRest } from "../../helpers/sim-rest";
import { TestSim, startTestSim } from "../helpers";

export const JOB_MS = 4; // startTestSim's job latency
export const COPY_RATE = 100; // MB/s: a job latency moves 0.5 MB, so sizes read exactly
export const COPY_MS = 120_000; // 10240 MB at 100 MB/s, with room

export interface ClockedSim extends TestSim {
  clock: ManualClock;
  /** A mutating request that must be accepted; the job ends when the clock passes its latency. */
  run(c: SimRest, method: string, path: string, body?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** business_vol01 on site-a mirrored to a new volume on site-b, Equivalent. */
  mirror(mode?: string): Promise<{ id: number; remoteId: number; dst: number }>;
  write(c: SimRest, array: string, volumeId: number, block: number, writeId: string, count?: number): ReturnType<SimRest["request"]>;
  digest(c: SimRest, array: string, volumeId: number, query?: string): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function startClockedSim(log?: (line: string) => void): Promise<ClockedSim> {
  const clock = new ManualClock();
  const t = await startTestSim({ clock, copyRateMbps: COPY_RATE, log: log ?? (() => undefined) });
  const run: ClockedSim["run"] = async (c, method, path, body) => {
    const r = await c.request(method, path, body);
    assert.equal(r.status, 202, `${method} ${path}: ${JSON.stringify(r.body)}`);
    clock.advance(JOB_MS + 1);
    const job = (await c.request("GET", `/job/${r.body.job_id}`)).body;
    assert.equal(job.status, "Success", JSON.stringify(job));
    return job;
  };
  const mirror: ClockedSim["mirror"] = async (mode = "Synchronous") => {
    const job = await run(t.b, "POST", "/volume", { name: "dr_mirror", capacity: 10240, tpp_id: 0 });
    const dst = Number(String(job.resource_href_list[0]).split("/").pop());
    const created = await run(t.a, "POST", "/copysession/rec", {
      source_volume_id: 100000, destination_volume_id: dst, source_boxid: t.a.boxId, destination_boxid: t.b.boxId, transfer_mode: mode,
    });
    const id = Number(String(created.resource_href_list[0]).split("/").pop());
    clock.advance(COPY_MS);
    const s = await t.a.session(id);
    assert.equal(s.phase, "Equivalent");
    return { id, remoteId: s.remote_copysession_id, dst };
  };
  return {
    ...t, clock, run, mirror,
    write: (c, array, volume_id, block, write_id, count = 1) => c.request("POST", "/sim/v1/writes", { array, volume_id, block, count, write_id }),
    digest: async (c, array, volumeId, q = "") => (await c.request("GET", `/sim/v1/volumes/${array}/${volumeId}/digest${q}`)).body,
  };
}
