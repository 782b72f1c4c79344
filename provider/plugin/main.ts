/**
 * `pulumi-resource-eternus` (bin/pulumi-resource-eternus runs this with node): serves the ResourceProvider
 * service on a free local port and prints the port on stdout, as the engine expects of a plugin. The engine
 * passes its own address as the first argument; resource lines attach to resources through it.
 */
import { useEngineAddress } from "../engine-log";
import { registerAsPackageResources } from "../resources/common/registration";
import { grpc, provrpc } from "./sdk";
import { providerService } from "./server";

async function main(argv: string[]): Promise<void> {
  const engine = argv.find((a) => /^[\w.-]+:\d+$/.test(a));
  if (engine) useEngineAddress(engine);
  // Components built here (Construct) register their children as this package's types.
  registerAsPackageResources();
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(provrpc.ResourceProviderService as never, providerService({ engineAddress: engine }) as never);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  // stdout carries only the port (the engine reads it); everything else goes to stderr.
  process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`pulumi-resource-eternus: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
