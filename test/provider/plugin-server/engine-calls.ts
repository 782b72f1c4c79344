/**
 * The calls the engine makes that several plugin-server tests repeat: Configure with the harness's arrays
 * (the password secret-wrapped, as the engine sends it), Check, and the mirror volume's Create.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as assert from "assert";
import { BUSINESS_VOLUME_ID, DEST, SOURCE, type Harness } from "../resources/sim-harness";
import { provproto, struct, type PluginClient } from "./grpc-client";

/** The engine's secret wrapping: { [SIG]: SECRET, value }. */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET = "1b47061264138c4ac30d75fd1eb44270";
export const urn = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
export const VOLUME = urn("eternus:index:RemoteVolume", "mirror");
export const SESSION = urn("eternus:index:RecSyncSession", "rec");

export function engineCalls(h: Harness, plugin: PluginClient) {
  async function check(u: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
    const r = await plugin.call("check", new provproto.CheckRequest().setUrn(u).setOlds(struct(olds)).setNews(struct(news)));
    return { inputs: r.getInputs().toJavaScript() as Record<string, unknown>, failures: r.getFailuresList().map((f: any) => `${f.getProperty()}: ${f.getReason()}`) as string[] };
  }
  return {
    check,
    async configure(): Promise<void> {
      // The password arrives secret-wrapped in args: the resource code must see the plain value.
      const arrays = JSON.parse(h.arraysConfig) as Record<string, Record<string, unknown>>;
      for (const a of Object.values(arrays)) a.password = { [SIG]: SECRET, value: a.password };
      const resp = await plugin.call("configure", new provproto.ConfigureRequest().setArgs(struct({ arrays })));
      // Required of a plugin that constructs components; every struct is unwrapped before the resource code.
      assert.strictEqual(resp.getAcceptsecrets(), true);
    },
    async createVolume(name = "mirror01") {
      const { inputs, failures } = await check(VOLUME, { array: DEST, name, sizeFrom: { array: SOURCE, volumeId: BUSINESS_VOLUME_ID }, tppId: 0 });
      assert.deepStrictEqual(failures, []);
      const r = await plugin.call("create", new provproto.CreateRequest().setUrn(VOLUME).setProperties(struct(inputs)));
      return { id: r.getId() as string, inputs, outs: r.getProperties().toJavaScript() as Record<string, unknown> };
    },
    /** The checked inputs of a session from the business volume onto volume `destinationVolumeId`. */
    async sessionInputs(destinationVolumeId: string, extra: Record<string, unknown> = {}) {
      const { inputs, failures } = await check(SESSION, { sourceArray: SOURCE, sourceVolumeId: BUSINESS_VOLUME_ID, destinationArray: DEST, destinationVolumeId: Number(destinationVolumeId), ...extra });
      assert.deepStrictEqual(failures, []);
      return inputs;
    },
  };
}
