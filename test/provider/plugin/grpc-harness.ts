/**
 * Test layer 4 harness (docs/dynamic-provider-rules.md#test-layers, layer 4): the dynamic-provider
 * plugin shipped in @pulumi/pulumi, started as a child process exactly as the engine starts it
 * (`node <@pulumi/pulumi/cmd/dynamic-provider> <engine address>`, cwd = the project, which must resolve
 * `pulumi-eternus-rec`), driven over gRPC with the stubs shipped in the SDK. The stubs are internal to the
 * SDK: the devDependency is pinned (~3.248.0).
 *
 * @grpc/grpc-js and google-protobuf are loaded from @pulumi/pulumi's own resolution so the message classes
 * and the channel belong to the same copies the stubs use.
 */
import * as path from "path";
import { spawn, ChildProcess } from "child_process";
import * as pulumi from "@pulumi/pulumi";

/* eslint-disable @typescript-eslint/no-explicit-any */
const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (id: string): any => require(require.resolve(id, { paths: [sdkDir] }));
export const grpc = fromSdk("@grpc/grpc-js");
export const provproto = fromSdk("@pulumi/pulumi/proto/provider_pb");
const provrpc = fromSdk("@pulumi/pulumi/proto/provider_grpc_pb");
const structproto = fromSdk("google-protobuf/google/protobuf/struct_pb");

/** Like the engine, never send undefined-valued keys (protobuf Struct rejects them). */
function plain(v: unknown): any {
  return JSON.parse(JSON.stringify(v ?? {}));
}

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

/** What 0.2.0 stored as `__provider` (shell version 1: dynamic.Resource serialized the provider object). */
export async function serializeProvider(provider: object): Promise<{ text: string; containsSecrets: boolean }> {
  const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return { text: sf.text, containsSecrets: sf.containsSecrets };
}

export interface GrpcError extends Error {
  code: number;
  details: string;
}

export class PluginProcess {
  private constructor(readonly child: ChildProcess, readonly client: any, readonly stderr: () => string) {}

  /** Spawn the plugin with cwd = projectDir; the port is the first line of its stdout. */
  static async start(projectDir: string, projectName = "plugin-test"): Promise<PluginProcess> {
    const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_NODEJS_PROJECT: projectName };
    for (const k of Object.keys(env)) if (k.startsWith("ETERNUS_")) delete env[k];
    const child = spawn(process.execPath, [entry, "127.0.0.1:1"], { cwd: projectDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`plugin printed no port within 20 s; stderr: ${err}`)), 20_000);
      child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`plugin exited ${code} before printing its port; stderr: ${err}`)); });
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf("\n");
        if (nl < 0) return;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        const n = Number(out.slice(0, nl).trim());
        if (!Number.isInteger(n) || n <= 0) reject(new Error(`first stdout line is not a port: ${out.slice(0, nl)}`));
        else resolve(n);
      });
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new PluginProcess(child, client, () => err);
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](req, { deadline: Date.now() + 120_000 }, (e: GrpcError | null, resp: T) => (e ? reject(e) : resolve(resp)));
    });
  }

  async configure(args: Props): Promise<{ acceptSecrets: boolean }> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(structproto.Struct.fromJavaScript(plain(args)));
    const resp: any = await this.call("configure", req);
    return { acceptSecrets: resp.getAcceptsecrets() };
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(structproto.Struct.fromJavaScript(plain(olds)));
    req.setNews(structproto.Struct.fromJavaScript(plain(news)));
    const resp: any = await this.call("check", req);
    return {
      inputs: resp.getInputs().toJavaScript(),
      failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(structproto.Struct.fromJavaScript(plain(olds)));
    req.setNews(structproto.Struct.fromJavaScript(plain(news)));
    const resp: any = await this.call("diff", req);
    const C = provproto.DiffResponse.DiffChanges;
    const c = resp.getChanges();
    return {
      changes: c === C.DIFF_SOME ? "some" : c === C.DIFF_NONE ? "none" : "unknown",
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(urn: string, props: Props): Promise<{ id: string; properties: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(structproto.Struct.fromJavaScript(plain(props)));
    req.setTimeout(600);
    const resp: any = await this.call("create", req);
    return { id: resp.getId(), properties: resp.getProperties().toJavaScript() };
  }

  async read(urn: string, id: string, props: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(structproto.Struct.fromJavaScript(plain(props)));
    if (inputs) req.setInputs(structproto.Struct.fromJavaScript(plain(inputs)));
    const resp: any = await this.call("read", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {}, inputs: resp.getInputs()?.toJavaScript() };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(structproto.Struct.fromJavaScript(plain(olds)));
    req.setNews(structproto.Struct.fromJavaScript(plain(news)));
    req.setTimeout(600);
    const resp: any = await this.call("update", req);
    return { properties: resp.getProperties().toJavaScript() };
  }

  async delete(urn: string, id: string, props: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(structproto.Struct.fromJavaScript(plain(props)));
    req.setTimeout(600);
    await this.call("delete", req);
  }

  async stop(): Promise<void> {
    try {
      this.client.close();
    } catch {
      // already closed
    }
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.child.kill("SIGKILL"); }, 3000);
      this.child.once("exit", () => { clearTimeout(timer); resolve(); });
      this.child.kill("SIGTERM");
    });
  }
}

export function urn(type: "RemoteVolume" | "RecSyncSession", name: string): string {
  return `urn:pulumi:plugin::plugin-test::pulumi-nodejs:dynamic/eternus:${type}::${name}`;
}
