/**
 * How the Resource classes register, one choice per process. In a program (the default) each kind is a
 * dynamic resource the nodejs host serves, with its stored shell. Inside the provider plugin, where
 * Construct builds a component's children, each kind is the package's own type (`eternus:index:<Kind>`),
 * served by the plugin itself: a plugin process never registers dynamic resources.
 */
import type { ResourceKind } from "../registry";
import { packageTypeToken, typeToken } from "../resource-module";

let asPackage = false;

/** The plugin calls this once at start, before any Construct. */
export function registerAsPackageResources(): void {
  asPackage = true;
}

export interface Registration {
  type: string;
  /** Dynamic: the stored shell and the bookkeeping inputs go with the props (the plugin takes them from the request). */
  dynamic: boolean;
}

export function registrationOf(kind: ResourceKind): Registration {
  return asPackage ? { type: packageTypeToken(kind), dynamic: false } : { type: typeToken(kind), dynamic: true };
}
