import * as assert from "node:assert/strict";
import { createRec, startTestSim, TestSim } from "./helpers";

describe("simulator smoke: login, volumes, REC lifecycle [M:op-sync]", () => {
  let t: TestSim;
  before(async () => { t = await startTestSim(); });
  after(async () => { await t.close(); });

  it("[M:op-sync] creates a mirror, reaches Equivalent, suspends, resumes and force-deletes", async () => {
    const src = (await t.a.request("GET", "/volume?fields=name")).body.volume_list
      .find((v: { name: string }) => v.name === "business_vol01").volume_id;
    const { id } = await createRec(t, src);
    await t.a.waitSession(id, (s) => s.phase === "Equivalent");
    await t.a.job("POST", `/copysession/${id}/suspend`);
    await t.a.waitSession(id, (s) => s.status === "Suspend");
    await t.a.job("POST", `/copysession/${id}/resume`);
    await t.a.waitSession(id, (s) => s.status === "Active" && s.phase === "Equivalent");
    await t.a.job("DELETE", `/copysession/${id}`, { is_forced: true });
    assert.equal((await t.a.request("GET", `/copysession/${id}`)).status, 404);
  });
});
