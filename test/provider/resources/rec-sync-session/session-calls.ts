/**
 * The provider calls the RecSyncSession tests make, as the plugin host makes them: check, then create or
 * update with the checked inputs; the placeholder `__provider` text stands for the stored shell.
 */
import { strict as assert } from "assert";
import { recSyncSessionProvider as provider } from "../../../../provider/resources/rec-sync-session/resource";
import { BUSINESS_VOLUME_ID, DEST, SOURCE, type Harness } from "../sim-harness";

export const P = "exports.handler = __f0; /* serialized provider text */";
export type Out = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The plugin host sends outputs as a protobuf Struct, which rejects undefined values ("Unexpected struct type"). */
export function assertJsonPlain(outs: Record<string, unknown>, what: string): void {
  assert.deepEqual(outs, JSON.parse(JSON.stringify(outs)), `${what}: outputs must be JSON-plain (no undefined values)`);
}

/** `dest()`: the mirror volume of the current test (created in its beforeEach). */
export function sessionCalls(h: () => Harness, dest: () => number) {
  const inputs = (o: Record<string, unknown> = {}) => ({
    sourceArray: SOURCE, sourceVolumeId: BUSINESS_VOLUME_ID, destinationArray: DEST, destinationVolumeId: dest(),
    resourceName: "mirror01", providerVersion: "1.0.0", __provider: P, ...o,
  });
  const checked = async (o: Record<string, unknown> = {}, olds: Record<string, unknown> = {}) => {
    const r = await provider.check!(olds, inputs(o));
    assert.deepEqual(r.failures, []);
    return { ...r.inputs, __provider: P };
  };
  return {
    inputs,
    checked,
    async create(o: Record<string, unknown> = {}): Promise<{ id: string; outs: Out }> {
      const r = await provider.create(await checked(o));
      assertJsonPlain(r.outs, "create");
      return { id: r.id, outs: { ...r.outs, __provider: P } };
    },
    async update(id: string, olds: Out, o: Record<string, unknown>): Promise<Out> {
      const r = await provider.update!(id, olds, await checked(o, olds));
      assertJsonPlain(r.outs, "update");
      return { ...r.outs, __provider: P };
    },
    async newVolume(array: string, name: string, capacity = 10240): Promise<number> {
      const job = await h().api(array, "POST", "/volume", { name, capacity, tpp_id: 0 });
      return Number(String(job.resource_href_list[0]).split("/").pop());
    },
    sessions: async (array: string) => (await h().api(array, "GET", "/copysession")).copysession_list as Out[],
  };
}
