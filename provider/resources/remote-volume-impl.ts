/**
 * Forwarder for RemoteVolume shells stored by release 0.1.0: they require this file by its dist path
 * (`pulumi-eternus-rec/dist/provider/resources/remote-volume-impl.js`) and call `impl().<method>(this, ...)`.
 * Never move or delete it (provider/entry.ts explains the rule).
 */
import { legacyImplementation } from "../entry";

export const { check, diff, create, read, update, remove } = legacyImplementation("RemoteVolume");
