/**
 * The parts of @pulumi/pulumi's runtime that Construct needs and the SDK does not type publicly: connecting
 * the runtime to the engine's monitor for one call, reading the engine's input struct, waiting for the
 * registrations to be sent. Looked up once, with a clear error if an SDK version lacks one.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as pulumi from "@pulumi/pulumi";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

export interface SdkRuntime {
  resetOptions(project: string, stack: string, parallel: number, engineAddr: string, monitorAddr: string, preview: boolean, organization: string): void;
  awaitFeatureSupport(): Promise<void>;
  waitForRPCs(): Promise<void>;
  setAllConfig(c: Record<string, string>, secretKeys?: string[]): void;
  serializeResourceProperties(label: string, props: pulumi.Inputs): Promise<[Record<string, unknown>, Map<string, Set<pulumi.Resource>>]>;
  withLocalStorage<T>(fn: () => Promise<T>): Promise<T>;
  deserializeInputs(inputs: Struct | undefined, deps: unknown): Promise<Record<string, unknown>>;
}

let loaded: SdkRuntime | undefined;

export function sdkRuntime(): SdkRuntime {
  if (loaded) return loaded;
  const from = (id: string): Record<string, unknown> => require(`@pulumi/pulumi/${id}`) as Record<string, unknown>;
  const settings = from("runtime/settings");
  const parts = {
    resetOptions: settings.resetOptions, awaitFeatureSupport: settings.awaitFeatureSupport, waitForRPCs: settings.waitForRPCs,
    setAllConfig: from("runtime/config").setAllConfig,
    serializeResourceProperties: from("runtime/rpc").serializeResourceProperties,
    withLocalStorage: from("runtime/state").withLocalStorage,
    deserializeInputs: from("provider/server").deserializeInputs,
  };
  const missing = Object.entries(parts).filter(([, f]) => typeof f !== "function").map(([k]) => k);
  if (missing.length) {
    const version = (require("@pulumi/pulumi/package.json") as { version: string }).version;
    throw new Error(`pulumi-resource-eternus: @pulumi/pulumi ${version} lacks ${missing.join(", ")}, which Construct needs; the plugin is tested with 3.248`);
  }
  loaded = parts as unknown as SdkRuntime;
  return loaded;
}
