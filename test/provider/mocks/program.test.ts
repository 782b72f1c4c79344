/**
 * Layer 3 (runtime mocks): program wiring, type tokens, secrets, MirroredVolume children. Mocks never call
 * CRUD methods or configure; inputs carry the stored provider text (__provider, shell version 2). Every
 * await is raced against a timeout: an error under mocks is an unhandledRejection and the
 * outputs would never resolve.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

interface Registered { type: string; name: string; inputs: Record<string, unknown>; custom?: boolean }
const registered: Registered[] = [];
let nextVolumeId = 200000;

pulumi.runtime.setMocks({
  newResource(args) {
    registered.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom });
    if (args.type === "pulumi-nodejs:dynamic/eternus:RemoteVolume") {
      const volumeId = nextVolumeId++;
      return { id: String(volumeId), state: { ...args.inputs, volumeId, volumeNumber: volumeId - 100000, uid: `uid-${volumeId}`, status: "Normal", boxId: "BOX-B", capacityMb: args.inputs.capacityMb ?? 10240 } };
    }
    if (args.type === "pulumi-nodejs:dynamic/eternus:RecSyncSession") {
      return { id: `${args.inputs.sourceArray}/0`, state: { ...args.inputs, copySessionId: 0, remoteCopySessionId: 0, phase: "Equivalent", status: "Active", progress: 100, sourceBoxId: "BOX-A", destinationBoxId: "BOX-B" } };
    }
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call: (args) => args.inputs,
}, "project", "stack", false);

// Imported after setMocks so every resource registers against the mock monitor.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const eternus = require("../../../provider") as typeof import("../../../provider");

function promiseOf<T>(o: pulumi.Output<T>, ms = 10_000): Promise<T> {
  return Promise.race([
    new Promise<T>((resolve) => o.apply((v) => resolve(v))),
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`output did not resolve within ${ms} ms (serialization error under mocks?)`)), ms)),
  ]);
}

async function isSecret<T>(o: pulumi.Output<T>, ms = 10_000): Promise<boolean> {
  return Promise.race([
    pulumi.isSecret(o),
    new Promise<boolean>((_, reject) => setTimeout(() => reject(new Error("isSecret timed out")), ms)),
  ]);
}

function lastOf(type: string, name: string): Registered {
  const r = [...registered].reverse().find((x) => x.type === type && x.name === name);
  assert.ok(r, `${type} ${name} was not registered`);
  return r;
}

describe("program tests with runtime mocks", () => {
  it("RemoteVolume: type token, inputs with providerVersion and a small __provider, outputs resolve", async () => {
    const v = new eternus.RemoteVolume("mirror-vol", { array: "osaka", name: "mirror01", capacityMb: 10240, tppId: 0 });
    assert.equal(await promiseOf(v.volumeId), 200000);
    assert.equal(await promiseOf(v.status), "Normal");
    assert.equal(await promiseOf(v.boxId), "BOX-B");
    const r = lastOf("pulumi-nodejs:dynamic/eternus:RemoteVolume", "mirror-vol");
    assert.equal(r.custom, true);
    assert.equal(r.inputs.providerVersion, eternus.PROVIDER_VERSION);
    assert.equal(r.inputs.resourceName, "mirror-vol");
    assert.equal(typeof r.inputs.__provider, "string");
    const code = r.inputs.__provider as string;
    assert.ok(code.length <= 320, `__provider is ${code.length} bytes (stored twice per resource)`);
    assert.match(code, /require\("pulumi-eternus-rec\/provider-entry"\)/);
    assert.match(code, /\.shell\("RemoteVolume",2\)/, "shell version 2 of its kind");
    assert.doesNotMatch(code, /zod|undici/);
  });

  it("RecSyncSession wired from a RemoteVolume output; defaults are left to check()", async () => {
    const v = new eternus.RemoteVolume("dst", { array: "osaka", name: "dst01", sizeFrom: { array: "tokyo", volumeId: 100000 }, tppId: 0 });
    const s = new eternus.RecSyncSession("rec", { sourceArray: "tokyo", sourceVolumeId: 100000, destinationArray: "osaka", destinationVolumeId: v.volumeId, transferMode: "Consistency" });
    assert.equal(await promiseOf(s.destinationVolumeId), await promiseOf(v.volumeId));
    assert.equal(await promiseOf(s.phase), "Equivalent");
    const r = lastOf("pulumi-nodejs:dynamic/eternus:RecSyncSession", "rec");
    assert.equal(r.inputs.transferMode, "Consistency");
    assert.equal(r.inputs.destinationVolumeId, await promiseOf(v.volumeId));
    assert.match(r.inputs.__provider as string, /\.shell\("RecSyncSession",2\)/);
    assert.ok(!("password" in r.inputs) && !("username" in r.inputs));
  });

  it("secrets stay secret: a secret input reaches the engine wrapped, its output is secret; __provider is not", async () => {
    const v = new eternus.RemoteVolume("secret-vol", { array: "osaka", name: pulumi.secret("classified01"), capacityMb: 1024, tppId: 0 }, { additionalSecretOutputs: ["uid"] });
    assert.equal(await isSecret(v.name), true);
    assert.equal(await isSecret(v.volumeId), false);
    const r = lastOf("pulumi-nodejs:dynamic/eternus:RemoteVolume", "secret-vol");
    const name = r.inputs.name as Record<string, unknown>;
    assert.ok(typeof name === "object" && SECRET_SIG in name, `name arrives as a secret wrapper: ${JSON.stringify(name)}`);
    assert.equal(typeof r.inputs.__provider, "string", "__provider is plain text, not a secret");
    assert.ok(!(r.inputs.__provider as string).includes("classified01"));
  });

  it("MirroredVolume: a RemoteVolume sized from the source and a RecSyncSession, both children", async () => {
    const m = new eternus.MirroredVolume("db", {
      source: { array: "tokyo", volumeId: 100000 },
      destination: { array: "osaka", tppId: 0 },
      transferMode: "Synchronous",
      timeoutSeconds: 600,
    });
    assert.equal(await promiseOf(m.copySessionId), 0);
    assert.equal(await promiseOf(m.destinationVolumeId), await promiseOf(m.volume.volumeId));
    assert.equal(await promiseOf(m.phase), "Equivalent");
    const vol = lastOf("pulumi-nodejs:dynamic/eternus:RemoteVolume", "db-volume");
    assert.deepEqual(vol.inputs.sizeFrom, { array: "tokyo", volumeId: 100000 });
    assert.equal(vol.inputs.name, "db");
    assert.equal(vol.inputs.array, "osaka");
    const ses = lastOf("pulumi-nodejs:dynamic/eternus:RecSyncSession", "db-session");
    assert.equal(ses.inputs.sourceArray, "tokyo");
    assert.equal(ses.inputs.sourceVolumeId, 100000);
    assert.equal(ses.inputs.destinationArray, "osaka");
    assert.equal(ses.inputs.destinationVolumeId, await promiseOf(m.volume.volumeId));
    assert.equal(ses.inputs.timeoutSeconds, 600);
    lastOf("eternus:index:MirroredVolume", "db");
    const childUrn = await promiseOf(m.session.urn);
    assert.match(childUrn, /eternus:index:MirroredVolume\$pulumi-nodejs:dynamic\/eternus:RecSyncSession::db-session$/);
  });

  it("MirroredVolume by name: the session and sizeFrom get the name (no volume_id); sourceVolumeId is the session's", async () => {
    const m = new eternus.MirroredVolume("byname", {
      source: { array: "tokyo", volumeName: "db01" },
      destination: { array: "osaka", tppId: 0 },
    });
    await promiseOf(m.copySessionId);
    const vol = lastOf("pulumi-nodejs:dynamic/eternus:RemoteVolume", "byname-volume");
    assert.deepEqual(vol.inputs.sizeFrom, { array: "tokyo", volumeName: "db01" });
    const ses = lastOf("pulumi-nodejs:dynamic/eternus:RecSyncSession", "byname-session");
    assert.equal(ses.inputs.sourceVolumeName, "db01");
    assert.ok(!("sourceVolumeId" in ses.inputs) && !("sourceVolumeNumber" in ses.inputs), JSON.stringify(ses.inputs));
    assert.equal(await promiseOf(m.sourceVolumeId), undefined, "the mock echoes inputs; the provider's check fills it");
  });

  it("MirroredVolume retainMirrorVolume: the mirror volume gets retainOnDelete, the session does not", async () => {
    const seen: Record<string, unknown> = {};
    const spy: pulumi.ResourceTransformation = (a) => { seen[a.name] = a.opts.retainOnDelete; return undefined; };
    const keep = new eternus.MirroredVolume("keep", { source: { array: "tokyo", volumeId: 100000 }, destination: { array: "osaka", tppId: 0 }, retainMirrorVolume: true }, { transformations: [spy] });
    const plain = new eternus.MirroredVolume("plain", { source: { array: "tokyo", volumeId: 100000 }, destination: { array: "osaka", tppId: 0 } }, { transformations: [spy] });
    await Promise.all([promiseOf(keep.copySessionId), promiseOf(plain.copySessionId)]);
    assert.equal(seen["keep-volume"], true);
    assert.ok(!seen["keep-session"]);
    assert.ok(!seen["plain-volume"]);
  });

  it("type tokens are the fixed ones", () => {
    assert.equal(eternus.REMOTE_VOLUME_TYPE, "pulumi-nodejs:dynamic/eternus:RemoteVolume");
    assert.equal(eternus.REC_SYNC_SESSION_TYPE, "pulumi-nodejs:dynamic/eternus:RecSyncSession");
  });
});
