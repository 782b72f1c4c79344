/**
 * The ResourceProvider gRPC service of `pulumi-resource-eternus`. Our own service rather than
 * `@pulumi/pulumi/provider`'s main(), which ignores Configure, drops customTimeouts, gives Read no inputs
 * and Diff no old inputs. Every resource method calls the ProviderImplementation the stable entry returns
 * (kinds.ts): one implementation behind the dynamic shells and this plugin.
 *
 * One provider object per process (`shell`): the key of the configuration and runtime WeakMaps, as a
 * dynamic shell object is. The engine starts one process per provider instance (the default one and each
 * explicit `pulumi:providers:eternus`), so the per-process caches, logins, locks and the per-business-volume
 * create serialization hold within one instance, not across instances.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type * as grpcTypes from "@grpc/grpc-js";
import { PROVIDER_VERSION } from "../version";
import type { StoredResourceKind } from "../entry";
import type { Props } from "../resources/common/unknown";
import { configSource, configText } from "./configure-request";
import { construct } from "./construct";
import { errorMessage, grpcError, partialState, unimplemented } from "./grpc-errors";
import { implementationFor, importsById, kindOfType, urnParts } from "./kinds";
import { detailedDiff, unwrapSecrets, withBookkeeping, withoutBookkeeping, type PropertyChange } from "./properties";
import { schemaText } from "./schema-file";
import { emptyproto, grpc, plugproto, provproto, structproto } from "./sdk";
import { boundedInputs, declaredTimeout } from "./timeouts";



type Callback = (err: grpcTypes.ServiceError | Partial<grpcTypes.StatusObject> | null, value?: any) => void;
type Handler = (call: { request: any }, callback: Callback) => void;

/** One unary method: the reply or a mapped error, never an unanswered call. */
function unary(fn: (req: any) => Promise<unknown> | unknown): Handler {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then((resp) => callback(null, resp), (e: unknown) => {
        const partial = partialState(e);
        let err;
        try {
          err = grpcError(e, partial && { ...partial, properties: withoutBookkeeping(jsonPlain(partial.properties)) });
        } catch (packing) {
          // The partial state could not be packed: still answer (the engine must never wait forever).
          err = grpcError(new Error(`${errorMessage(e)} (the partial state could not be recorded: ${errorMessage(packing)})`));
        }
        callback(err);
      });
  };
}

/** The engine's struct as plain values: secrets unwrapped (the engine marks an output secret when its input was). */
const toJs = (s: { toJavaScript(): Record<string, unknown> } | undefined): Props => (s ? (unwrapSecrets(s.toJavaScript()) as Props) : {});
const jsonPlain = (p: Props): Props => JSON.parse(JSON.stringify(p)) as Props;
const toStruct = (p: Props) => structproto.Struct.fromJavaScript(jsonPlain(p) as never);

class UnknownTypeError extends Error {
  readonly code = "ERR_UNKNOWN_TYPE";
  constructor(type: string) {
    super(`pulumi-resource-eternus: unknown resource type "${type}"`);
  }
}

/** A request's resource: kind, name, URN, the methods. */
function target(urn: string, type?: string) {
  const parts = urnParts(urn);
  const kind = kindOfType(type || parts.type);
  if (!kind) throw new UnknownTypeError(type || parts.type);
  return { kind, urn, name: parts.name, impl: implementationFor(kind) };
}

const PROPERTY_DIFF_KINDS: Record<PropertyChange, number> = {
  ADD: provproto.PropertyDiff.Kind.ADD,
  DELETE: provproto.PropertyDiff.Kind.DELETE,
  UPDATE: provproto.PropertyDiff.Kind.UPDATE,
  UPDATE_REPLACE: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

export interface PluginServerOptions {
  /** The provider object (tests give it a manual-clock runtime with setProviderRuntime). */
  shell?: object;
  /** The engine's address (the plugin's first argument): Construct connects the component's runtime to it. */
  engineAddress?: string;
}

/** The service implementation (exported for the tests, which call it over a real gRPC channel). */
export function providerService(o: PluginServerOptions = {}): Record<string, Handler> {
  const shell = o.shell ?? {};

  /** Calls `fn` with the inputs bounded by the engine's timeout; the outputs keep the declared bound. */
  async function bounded<T extends Props>(kind: StoredResourceKind, inputs: Props, timeout: number, fn: (bounded: Props) => Promise<T>): Promise<T> {
    try {
      return declaredTimeout(kind, await fn(boundedInputs(kind, inputs, timeout)), inputs) as T;
    } catch (e) {
      const partial = partialState(e);
      if (!partial) throw e;
      throw Object.assign(e as object, { properties: declaredTimeout(kind, partial.properties, inputs) });
    }
  }

  return {
    getPluginInfo: unary(() => new plugproto.PluginInfo().setVersion(PROVIDER_VERSION)),
    getSchema: unary((req) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      return new provproto.GetSchemaResponse().setSchema(schemaText());
    }),
    attach: unary(() => new emptyproto.Empty()),
    cancel: unary(() => new emptyproto.Empty()),

    checkConfig: unary((req) => new provproto.CheckResponse().setInputs(req.getNews())),
    diffConfig: unary((req) => {
      const same = configText(toJs(req.getOldInputs() ?? req.getOlds())) === configText(toJs(req.getNews()));
      return new provproto.DiffResponse().setChanges(same ? provproto.DiffResponse.DiffChanges.DIFF_NONE : provproto.DiffResponse.DiffChanges.DIFF_SOME);
    }),
    configure: unary(async (req) => {
      const variables = new Map<string, string>(req.getVariablesMap().toArray() as [string, string][]);
      await implementationFor("RemoteVolume").configure(shell, configSource(variables, req.hasArgs() ? toJs(req.getArgs()) : undefined));
      // acceptSecrets: the engine requires it of a plugin that constructs components; toJs unwraps them.
      return new provproto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false).setAcceptresources(false);
    }),

    check: unary(async (req) => {
      const t = target(req.getUrn(), req.getType());
      const r = await t.impl.check(shell, withBookkeeping(toJs(req.getOlds()), t.urn, t.name), withBookkeeping(toJs(req.getNews()), t.urn, t.name));
      const resp = new provproto.CheckResponse().setInputs(toStruct(withoutBookkeeping(r.inputs)));
      resp.setFailuresList(r.failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
      return resp;
    }),
    diff: unary(async (req) => {
      const t = target(req.getUrn(), req.getType());
      const olds = toJs(req.getOlds());
      const news = toJs(req.getNews());
      const r = await t.impl.diff(shell, req.getId(), withBookkeeping(olds, t.urn, t.name), withBookkeeping(news, t.urn, t.name));
      const resp = new provproto.DiffResponse()
        .setChanges(r.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(r.replaces ?? [])
        .setDeletebeforereplace(r.deleteBeforeReplace === true)
        .setHasdetaileddiff(true);
      if (r.changes) {
        const detail = detailedDiff(olds, news, toJs(req.getOldInputs()), r.replaces ?? []);
        resp.setDiffsList(Object.keys(detail));
        const map = resp.getDetaileddiffMap();
        for (const [k, kind] of Object.entries(detail)) map.set(k, new provproto.PropertyDiff().setKind(PROPERTY_DIFF_KINDS[kind]).setInputdiff(true));
      }
      return resp;
    }),
    create: unary(async (req) => {
      const t = target(req.getUrn(), req.getType());
      const inputs = withBookkeeping(toJs(req.getProperties()), t.urn, t.name);
      const r = await bounded(t.kind, inputs, req.getTimeout(), async (b) => {
        const c = await t.impl.create(shell, b);
        return { ...c.outs, __id: c.id };
      });
      const { __id, ...outs } = r;
      return new provproto.CreateResponse().setId(String(__id)).setProperties(toStruct(withoutBookkeeping(outs)));
    }),
    read: unary(async (req) => {
      const t = target(req.getUrn(), req.getType());
      const props = toJs(req.getProperties());
      // No properties: an import by id (each kind documents its id, docs/plugin.md).
      if (!Object.keys(props).length && !importsById(t.kind)) throw new ImportNotSupportedError(t.kind, req.getId());
      const r = await t.impl.read(shell, req.getId(), withBookkeeping(props, t.urn, t.name));
      // Gone: no id and no properties (the engine drops it from state, or fails the import).
      if (!r.id) return new provproto.ReadResponse();
      const resp = new provproto.ReadResponse().setId(r.id).setProperties(toStruct(withoutBookkeeping(r.props)));
      if (r.inputs) resp.setInputs(toStruct(withoutBookkeeping(r.inputs)));
      return resp;
    }),
    update: unary(async (req) => {
      const t = target(req.getUrn(), req.getType());
      const news = withBookkeeping(toJs(req.getNews()), t.urn, t.name);
      const r = await bounded(t.kind, news, req.getTimeout(), async (b) => (await t.impl.update(shell, req.getId(), withBookkeeping(toJs(req.getOlds()), t.urn, t.name), b)).outs);
      return new provproto.UpdateResponse().setProperties(toStruct(withoutBookkeeping(r)));
    }),
    delete: unary(async (req) => {
      const t = target(req.getUrn(), req.getType());
      const props = withBookkeeping(toJs(req.getProperties()), t.urn, t.name);
      await bounded(t.kind, props, req.getTimeout(), async (b) => {
        await t.impl.delete(shell, req.getId(), b);
        return {};
      });
      return new emptyproto.Empty();
    }),

    construct: unary((req) => construct(req, o.engineAddress)),
    call: (_call, callback) => callback(unimplemented("Call")),
    invoke: (_call, callback) => callback(unimplemented("Invoke")),
    parameterize: (_call, callback) => callback(unimplemented("Parameterize")),
    getMapping: unary(() => new provproto.GetMappingResponse()),
    getMappings: unary(() => new provproto.GetMappingsResponse()),
  };
}

/** Read without stored properties is an import; a kind without importById cannot find its object by id alone. */
class ImportNotSupportedError extends Error {
  readonly code = "ERR_IMPORT_UNSUPPORTED";
  constructor(kind: string, id: string) {
    super(`pulumi-resource-eternus: importing ${kind} "${id}" is not supported (Read needs the stored state); use adopt: true`);
  }
}


