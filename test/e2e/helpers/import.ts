/**
 * What the `pulumi import` suites share: a mirror made outside Pulumi through the arrays' REST API (a
 * volume on site-b and a synchronous REC session from site-a's business_vol01 to it, Equivalent), and one
 * `pulumi import TYPE NAME ID` whose generated program is written to a file.
 */
import * as fs from "fs";
import { eventually, type E2eSim } from "./sim";
import type { PulumiProject } from "../../helpers/pulumi-cli";
import { SimRest } from "../../helpers/sim-rest";

export interface ExternalMirror {
  /** The volume's name on site-b. */
  volumeName: string;
  volumeId: number;
  copySessionId: number;
}

/** Outside Pulumi: a 10240 MB volume on site-b and an Equivalent synchronous REC session onto it. */
export async function createExternalMirror(sim: E2eSim): Promise<ExternalMirror> {
  const volumeName = "ext_mirror";
  const [a, b] = sim.arrays;
  const volumeId = SimRest.createdId(await sim.api("site-b").job("POST", "/volume", { name: volumeName, capacity: 10240, tpp_id: 0 }));
  const copySessionId = SimRest.createdId(await sim.api("site-a").job("POST", "/copysession/rec", {
    source_volume_id: 100000, destination_volume_id: volumeId, source_boxid: a.boxId, destination_boxid: b.boxId, transfer_mode: "Synchronous",
  }));
  await eventually("the session Equivalent", async () => (await sim.api("site-a").sessions()).find((s) => s.copysession_id === copySessionId), (s) => s?.phase === "Equivalent", 60_000);
  return { volumeName, volumeId, copySessionId };
}

/** `pulumi import TYPE NAME ID --out FILE` (unprotected): the program the CLI generated, as text. */
export async function importOne(p: PulumiProject, type: string, name: string, id: string, outFile: string): Promise<string> {
  await p.run(["import", type, name, id, "--yes", "--protect=false", "--out", outFile, "--stack", p.stack]);
  return fs.readFileSync(outFile, "utf8");
}
