/**
 * The gRPC runtime and the generated Pulumi stubs, loaded from the @pulumi/pulumi the project installed
 * (as provider/engine-log.ts does): the stubs and the server must share one @grpc/grpc-js instance, and
 * @pulumi/pulumi is a peer dependency, so its copy is the one that is there.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from "path";

function fromSdk<T>(id: string): T {
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve(id, { paths: [sdk] })) as T;
}

export const grpc = fromSdk<typeof import("@grpc/grpc-js")>("@grpc/grpc-js");
export const provproto = fromSdk<typeof import("@pulumi/pulumi/proto/provider_pb")>("@pulumi/pulumi/proto/provider_pb");
export const provrpc = fromSdk<typeof import("@pulumi/pulumi/proto/provider_grpc_pb")>("@pulumi/pulumi/proto/provider_grpc_pb");
export const plugproto = fromSdk<typeof import("@pulumi/pulumi/proto/plugin_pb")>("@pulumi/pulumi/proto/plugin_pb");
export const statusproto = fromSdk<typeof import("@pulumi/pulumi/proto/status_pb")>("@pulumi/pulumi/proto/status_pb");
export const structproto = fromSdk<typeof import("google-protobuf/google/protobuf/struct_pb")>("google-protobuf/google/protobuf/struct_pb");
export const anyproto = fromSdk<typeof import("google-protobuf/google/protobuf/any_pb")>("google-protobuf/google/protobuf/any_pb");
export const emptyproto = fromSdk<typeof import("google-protobuf/google/protobuf/empty_pb")>("google-protobuf/google/protobuf/empty_pb");
