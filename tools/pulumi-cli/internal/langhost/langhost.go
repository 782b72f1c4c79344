// Package langhost holds what our language hosts (cmd/pulumi-language-go, cmd/pulumi-language-nodejs) do
// alike: serving the LanguageRuntime over gRPC as the engine expects, exiting with the engine, and the
// config environment the Pulumi SDKs read.
package langhost

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// Serve runs host on a free port until an interrupt or the server's end; the port goes on the first line of
// stdout, where the engine reads it. Failures exit the process.
func Serve(host pulumirpc.LanguageRuntimeServer) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cancel := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancel)
	}()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host gRPC server: %w", err))
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host gRPC server stopped: %w", err))
	}
}

// ExitWithEngine exits this process once the engine at addr goes away (it does not always close its plugins).
func ExitWithEngine(addr string) error {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done()
		os.Exit(0)
	}()
	if err := rpcutil.Healthcheck(ctx, addr, 5*time.Minute, cancel); err != nil {
		cancel()
		return fmt.Errorf("could not start the engine health check: %w", err)
	}
	return nil
}

// ConfigEnv is PULUMI_CONFIG (config, keys as the SDK in question reads them) and PULUMI_CONFIG_SECRET_KEYS
// (a JSON array, never null) for a program's environment.
func ConfigEnv(config map[string]string, secretKeys []string) ([]string, error) {
	cfg, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	return []string{"PULUMI_CONFIG=" + string(cfg), "PULUMI_CONFIG_SECRET_KEYS=" + string(secrets)}, nil
}
