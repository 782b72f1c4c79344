/**
 * A thrown error as the engine expects it. An error that carries `id` and `properties` (the resources'
 * PartialFailureError, ERR_PARTIAL_FAILURE) becomes ErrorResourceInitFailed, so the engine records the
 * resource with those properties instead of losing it (docs/dynamic-provider-rules.md, rules 8 and 9).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type * as grpcTypes from "@grpc/grpc-js";
import { anyproto, grpc, provproto, statusproto, structproto } from "./sdk";
import type { Props } from "../resources/common/unknown";

export interface PartialState { id: string; properties: Props; reasons?: string[] }

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The id and properties of a partial failure, or undefined for any other error. */
export function partialState(e: unknown): PartialState | undefined {
  const x = e as { id?: unknown; properties?: unknown; reasons?: unknown } | undefined;
  if (!x || typeof x.id !== "string" || !x.id) return undefined;
  return { id: x.id, properties: (x.properties && typeof x.properties === "object" ? x.properties : {}) as Props, reasons: Array.isArray(x.reasons) ? x.reasons.map(String) : [] };
}

export function grpcError(e: unknown, partial?: PartialState): grpcTypes.ServiceError {
  const message = errorMessage(e);
  const metadata = new grpc.Metadata();
  if (partial) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(partial.id);
    detail.setProperties(structproto.Struct.fromJavaScript(partial.properties as any));
    detail.setReasonsList(partial.reasons ?? []);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

export function unimplemented(what: string): Partial<grpcTypes.StatusObject> {
  return { code: grpc.status.UNIMPLEMENTED, details: `pulumi-resource-eternus: ${what} is not implemented` };
}
