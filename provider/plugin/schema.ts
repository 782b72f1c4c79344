/**
 * The Pulumi package schema of `pulumi-resource-eternus`, generated from the resources' zod schemas (the
 * one source of truth for shapes) with descriptions from their JSDoc (jsdoc.ts). The build writes it next
 * to the compiled plugin (write-schema.ts); provider/plugin/schema.json is the committed copy reviewers and
 * SDK generation read, and test/provider/plugin-server/schema.test.ts fails when it and the code drift.
 */
import * as path from "path";
import { z } from "zod";
import { BOOKKEEPING_KEYS } from "../resources/common/bookkeeping";
import * as recSyncSession from "../resources/rec-sync-session/schema";
import * as recSessionGroup from "../resources/rec-session-group/schema";
import * as remoteVolume from "../resources/remote-volume/schema";
import type { StoredResourceKind } from "../entry";
import { COMPONENT_KINDS, COMPONENT_MODULES, type ComponentModule } from "../resources/component-registry";
import { classDoc, docComments, interfaceFields } from "./jsdoc";
import { KINDS, PACKAGE_NAME, typeToken } from "./kinds";

type JsonSchema = { type?: string; enum?: unknown[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; required?: string[]; default?: unknown; additionalProperties?: unknown };
export type PropertySpec = { type?: string; $ref?: string; description?: string; items?: PropertySpec; additionalProperties?: PropertySpec; secret?: boolean; default?: unknown };
type ObjectSpec = { properties: Record<string, PropertySpec>; required: string[] };

/** Provider-set keys that are not declared by users but are stored (resolved selectors). */
const PROVIDER_SET = new Set(["volumeIdFrom", "sourceVolumeIdFrom"]);

const SHAPES: Record<StoredResourceKind, { declared: z.ZodObject; outputs: z.ZodObject; dir: string }> = {
  RemoteVolume: { declared: remoteVolume.declaredSchema, outputs: remoteVolume.outputsSchema, dir: "remote-volume" },
  RecSyncSession: { declared: recSyncSession.declaredSchema, outputs: recSyncSession.outputsSchema, dir: "rec-sync-session" },
  RecSessionGroup: { declared: recSessionGroup.declaredSchema, outputs: recSessionGroup.outputsSchema, dir: "rec-session-group" },
};

/**
 * Nested object types (also array items) get a name in `types`, by their property's name, or by
 * "<Owner>.<property>" where two owners' properties of one name have different shapes.
 */
const NESTED_TYPES: Record<string, string> = {
  sizeFrom: "VolumeRef", members: "RecSessionGroupMember", sessions: "RecSessionGroupSession", lastCut: "RecSessionGroupCut",
  source: "VolumeRef", volumes: "GroupVolume",
  "MirroredVolume.destination": "MirroredVolumeDestination", "MirroredVolumeGroup.destination": "GroupDestination",
};

function scalar(s: JsonSchema, doc: string | undefined): PropertySpec {
  const type = s.type === "integer" || s.type === "number" || s.type === "boolean" ? s.type : "string";
  const oneOf = s.enum ? ` One of: ${s.enum.map(String).join(", ")}.` : "";
  const description = `${doc ?? ""}${oneOf}`.trim();
  return { type, ...(description ? { description } : {}) };
}

/** The named type of a nested object. The first shape wins: inputs come before outputs, so a type users write keeps its optional fields. */
function namedType(key: string, s: JsonSchema, types: Types, docs: Record<string, string>): string {
  const name = `${PACKAGE_NAME}:index:${NESTED_TYPES[`${types.owner}.${key}`] ?? NESTED_TYPES[key] ?? key}`;
  types.named[name] ??= { type: "object", ...objectSpec(s, docs, types, (n) => !PROVIDER_SET.has(n) && notBookkeeping(n)) };
  return name;
}

function propertySpec(key: string, p: JsonSchema, doc: string | undefined, types: Types, docs: Record<string, string>): PropertySpec {
  const described = doc ? { description: doc } : {};
  if (p.type === "object" && p.properties) return { $ref: `#/types/${namedType(key, p, types, docs)}`, ...described };
  if (p.type === "array" && p.items) return { type: "array", items: propertySpec(key, p.items, undefined, types, docs), ...described };
  return scalar(p, doc);
}

/** The named types being collected, and whose properties are being described (for NESTED_TYPES). */
interface Types { named: Record<string, unknown>; owner: string }

/** `docs` describe the fields; a nested type's fields take the docs a component's own schema gives them. */
function objectSpec(s: JsonSchema, docs: Record<string, string>, types: Types, keep: (k: string) => boolean, nestedDocs: Record<string, string> = {}): ObjectSpec {
  const properties: Record<string, PropertySpec> = {};
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (keep(k)) properties[k] = propertySpec(k, p, docs[k], types, nestedDocs);
  }
  return { properties, required: (s.required ?? []).filter(keep).sort() };
}

const notBookkeeping = (k: string) => !(BOOKKEEPING_KEYS as readonly string[]).includes(k);

/** `root`: the folder holding provider/ (the TypeScript sources the descriptions come from). */
export function packageSchema(root: string, version: string): Record<string, unknown> {
  const types: Types = { named: {}, owner: "" };
  const resources: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const shape = SHAPES[kind];
    types.owner = kind;
    const docs = docComments(path.join(root, "provider/resources", shape.dir, "schema.ts")).fields;
    const inputs = objectSpec(z.toJSONSchema(shape.declared, { io: "input" }) as JsonSchema, docs, types, (k) => notBookkeeping(k) && !PROVIDER_SET.has(k));
    const outputs = objectSpec(z.toJSONSchema(shape.outputs, { io: "output" }) as JsonSchema, docs, types, notBookkeeping);
    resources[typeToken(kind)] = {
      description: classDoc(path.join(root, "provider/resources", shape.dir, "resource.ts"), kind)?.replace(/ \(type token [^)]*\)/, ""),
      inputProperties: inputs.properties,
      requiredInputs: inputs.required,
      properties: outputs.properties,
      required: outputs.required,
    };
  }
  for (const kind of COMPONENT_KINDS) resources[COMPONENT_MODULES[kind].type] = componentSpec(root, kind, COMPONENT_MODULES[kind], types);
  const connection: ObjectSpec = { properties: {}, required: [] };
  for (const f of interfaceFields(path.join(root, "provider/config.ts"), "ArrayConfigEntry")) {
    const type = f.type === "boolean" ? "boolean" : f.type === "number" ? "number" : "string";
    connection.properties[f.name] = { type, ...(f.name === "password" ? { secret: true } : {}), ...(f.doc ? { description: f.doc } : {}) };
  }
  types.named[`${PACKAGE_NAME}:index:ArrayConnection`] = { type: "object", description: "How to reach one array; every field may come from ETERNUS_<NAME>_* environment variables instead.", ...connection };
  const config = {
    arrays: { type: "object", additionalProperties: { $ref: `#/types/${PACKAGE_NAME}:index:ArrayConnection` }, description: "The arrays by name (the names resources use in array, sourceArray, destinationArray)." },
    previewChecks: { type: "boolean", description: "Log in to the arrays during preview and run the read-only pre-flight checks." },
  };
  return {
    name: PACKAGE_NAME,
    displayName: "Fujitsu ETERNUS REC",
    version,
    description: "Fujitsu ETERNUS AF/DX REC (Remote Equivalent Copy) mirroring: remote volumes and REC sessions.",
    license: "Apache-2.0",
    config: { variables: config },
    provider: { description: "The eternus provider: connections to the arrays.", inputProperties: config },
    types: types.named,
    resources,
    // respectSchemaVersion: the SDKs' pulumi-plugin.json name this version, so a program asks the engine
    // for the plugin release it was generated with (pulumi plugin install resource eternus <version>).
    language: {
      go: { importBasePath: "github.com/pulumi-eternus-rec/sdk/go/eternus", generateResourceContainerTypes: false, respectSchemaVersion: true },
      python: { packageName: "pulumi_eternus", respectSchemaVersion: true },
      nodejs: { packageName: "@pulumi-eternus-rec/eternus", respectSchemaVersion: true },
    },
  };
}

/** A component (Construct builds it in the plugin); its own schema.ts documents a field first, then its resources' do. */
function componentSpec(root: string, kind: string, c: ComponentModule, types: Types): Record<string, unknown> {
  const schemaFile = (dir: string) => path.join(root, "provider/resources", dir, "schema.ts");
  const docsOf = (own: Record<string, string>) => Object.assign({}, ...[...c.docsFrom].reverse().map((d) => docComments(schemaFile(d)).fields), own) as Record<string, string>;
  const inputDocs = docsOf(docComments(schemaFile(c.dir), { except: "outputsSchema" }).fields);
  const outputDocs = docsOf(docComments(schemaFile(c.dir), { within: "outputsSchema" }).fields);
  types.owner = kind;
  const inputs = objectSpec(z.toJSONSchema(c.args, { io: "input" }) as JsonSchema, inputDocs, types, () => true, inputDocs);
  const outputs = objectSpec(z.toJSONSchema(c.outputs, { io: "output" }) as JsonSchema, outputDocs, types, () => true);
  return {
    isComponent: true,
    description: classDoc(path.join(root, "provider/resources", c.dir, "component.ts"), kind),
    inputProperties: inputs.properties,
    requiredInputs: inputs.required,
    properties: outputs.properties,
    required: outputs.required,
  };
}

export function schemaJson(root: string, version: string): string {
  return `${JSON.stringify(packageSchema(root, version), null, 2)}\n`;
}
