/**
 * Construct: the plugin builds a component (MirroredVolume, MirroredVolumeGroup) for a YAML, Python or Go
 * program. The component's own code runs here, connected for this call to the engine's resource monitor,
 * and registers its children as the package's own types (common/registration.ts), which this same plugin
 * then serves. The component is the TypeScript one: no component logic is written twice.
 */
import * as pulumi from "@pulumi/pulumi";
import { fieldFailures } from "../resources/common/shapes";
import { UNKNOWN } from "../resources/common/unknown";
import { componentOfType, type ComponentModule } from "../resources/component-registry";
import { provproto, structproto } from "./sdk";
import { sdkRuntime } from "./sdk-runtime";

/** What an Output hides from its public type: whether it is known, and its value. */
interface OutputInternals { isKnown: Promise<boolean>; promise(): Promise<unknown> }

export class ConstructInputError extends Error {
  readonly code = "ERR_INVALID_INPUT";
}

export class UnknownComponentError extends Error {
  readonly code = "ERR_UNKNOWN_TYPE";
  constructor(type: string) {
    super(`pulumi-resource-eternus: unknown component type "${type}" (the package has eternus:index:MirroredVolume and eternus:index:MirroredVolumeGroup)`);
  }
}

/** The component's output values, as promises of their values (Outputs keep their dependencies). */
function outputsOf(c: ComponentModule, built: pulumi.ComponentResource): pulumi.Inputs {
  const out: pulumi.Inputs = {};
  for (const k of Object.keys(c.outputs.shape)) out[k] = (built as unknown as Record<string, pulumi.Input<unknown>>)[k];
  return out;
}

/**
 * Args that name resources or become resource options must be plain values: an Output is unwrapped when
 * known, and refused when not (a preview of a value another resource makes), naming the field.
 */
async function withKnownArgs(c: ComponentModule, type: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out = { ...args };
  for (const k of c.knownArgs) {
    const v = out[k];
    if (!pulumi.Output.isInstance(v)) continue;
    const o = v as unknown as OutputInternals;
    if (!(await o.isKnown)) {
      throw new ConstructInputError(`${type}: ${k} must be known when the program runs (it names the child resources or sets their options); `
        + `give it literal values or stack config, not another resource's output`);
    }
    out[k] = await o.promise();
  }
  return out;
}

/** The component's rules, field by field, on the values known now (the children check the rest). */
function checkArgs(c: ComponentModule, type: string, args: Record<string, unknown>): void {
  const known = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, pulumi.Output.isInstance(v) ? UNKNOWN : v]));
  const failures = fieldFailures(c.args, known);
  if (failures.length) throw new ConstructInputError(`${type}: invalid inputs: ${failures.map((f) => f.reason).join("; ")}`);
}

function options(req: any): pulumi.ComponentResourceOptions { // eslint-disable-line @typescript-eslint/no-explicit-any
  const providers: Record<string, pulumi.ProviderResource> = {};
  for (const [pkg, ref] of req.getProvidersMap().entries() as [string, string][]) providers[pkg] = new pulumi.DependencyProviderResource(ref);
  const aliases = (req.getAliasesList() as { hasUrn(): boolean; getUrn(): string }[]).filter((a) => a.hasUrn()).map((a) => a.getUrn());
  const parent: string = req.getParent();
  return {
    parent: parent ? new pulumi.DependencyResource(parent) : undefined,
    dependsOn: (req.getDependenciesList() as string[]).map((urn) => new pulumi.DependencyResource(urn)),
    protect: req.getProtect(),
    providers,
    aliases,
    ignoreChanges: req.getIgnorechangesList(),
    customTimeouts: req.getCustomtimeouts()?.toObject(),
    retainOnDelete: req.getRetainondelete(),
  };
}

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => { o.apply((v) => { resolve(v); return v; }); });

/** One Construct request: the component built, its URN and outputs answered once every registration is sent. */
export async function construct(req: any, engineAddress: string | undefined): Promise<unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const type: string = req.getType();
  const c = componentOfType(type);
  if (!c) throw new UnknownComponentError(type);
  if (!engineAddress) throw new Error("pulumi-resource-eternus: Construct needs the engine's address (the plugin's first argument)");
  const sdk = sdkRuntime();
  return sdk.withLocalStorage(async () => {
    sdk.resetOptions(req.getProject(), req.getStack(), req.getParallel(), engineAddress, req.getMonitorendpoint(), req.getDryrun(), req.getOrganization());
    await sdk.awaitFeatureSupport();
    sdk.setAllConfig(Object.fromEntries(req.getConfigMap().entries() as [string, string][]), req.getConfigsecretkeysList());
    const inputs = await sdk.deserializeInputs(req.getInputs(), req.getInputdependenciesMap());
    const args = await withKnownArgs(c, type, inputs);
    checkArgs(c, type, args);
    const built = c.construct(req.getName(), args, options(req));
    const [state, stateDependencies] = await sdk.serializeResourceProperties(`construct(${type}, ${req.getName()})`, outputsOf(c, built));
    const resp = new provproto.ConstructResponse().setUrn(await valueOf(built.urn));
    resp.setState(structproto.Struct.fromJavaScript(state as never));
    const depsMap = resp.getStatedependenciesMap();
    for (const [key, resources] of stateDependencies) {
      const urns = await Promise.all([...resources].map((r) => valueOf(r.urn)));
      depsMap.set(key, new provproto.ConstructResponse.PropertyDependencies().setUrnsList(urns));
    }
    await sdk.waitForRPCs();
    return resp;
  });
}
