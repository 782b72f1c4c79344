// Command pulumi-language-go is a small Go language host for the Pulumi engine, written for this project
// (it is not Pulumi's host): the Go module proxy reachable here does not serve Pulumi's own
// github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3 (403 "This module version is not available" for
// v3.274.1, v3.276.0, v3.248.0), as for the Node.js host (../pulumi-cli/README.md). It speaks the
// LanguageRuntime gRPC protocol from github.com/pulumi/pulumi/sdk/v3/proto/go and does what a Go program on
// the generated eternus SDK needs:
//
//   - Handshake / GetPluginInfo
//   - GetRequiredPackages / GetRequiredPlugins: the modules of `go list -m -json all` whose folder holds a
//     pulumi-plugin.json with "resource": true (the generated SDKs carry one)
//   - Run: `go build` of the program folder into a temporary file, then that binary with the engine's
//     settings in the PULUMI_* variables the Go SDK reads (pulumi.Run)
//   - InstallDependencies: `go mod download`
//   - GenerateProgram: PCL (what `pulumi import` writes) to Go with Pulumi's pkg/codegen/go, through
//     ../../internal/programgen; the code imports the SDK by the schema's language.go.importBasePath
//
// Everything else (GenerateProject, GeneratePackage, RunPlugin, packing, debugging) answers Unimplemented.
// It lives in the tools/pulumi-cli module because code generation needs github.com/pulumi/pulumi/pkg/v3,
// which that module already builds for the CLI.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/sdk/v3/go/common/constant"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"pulumi-eternus-rec/tools/pulumi-cli/internal/langhost"
	"pulumi-eternus-rec/tools/pulumi-cli/internal/programgen"
)

func main() {
	showVersion := flag.Bool("version", false, "print the plugin version and exit")
	flag.String("tracing", "", "ignored (accepted for the engine's command line)")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	host := &languageHost{}
	if args := flag.Args(); len(args) > 0 {
		host.engineAddress = args[0]
		if err := langhost.ExitWithEngine(args[0]); err != nil {
			cmdutil.Exit(err)
		}
	}
	langhost.Serve(host)
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *languageHost) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	if h.engineAddress == "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// Run builds the program, then runs it as pulumi.Run expects (sdk/go/pulumi/run.go getEnvInfo).
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return nil, status.Error(codes.InvalidArgument, "RunRequest has no program info")
	}
	dir := info.GetProgramDirectory()
	tmp, err := os.MkdirTemp("", "pulumi-go-program-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "program")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = dir
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("go build in %s: %v", dir, err)}, nil
	}

	// Config keys "<namespace>:<name>", as the Go SDK's config reads them.
	configEnv, err := langhost.ConfigEnv(req.GetConfig(), req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, req.GetArgs()...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), configEnv...),
		"PULUMI_MONITOR="+req.GetMonitorAddress(),
		"PULUMI_ENGINE="+h.engineAddress,
		"PULUMI_ORGANIZATION="+req.GetOrganization(),
		"PULUMI_PROJECT="+req.GetProject(),
		"PULUMI_STACK="+req.GetStack(),
		"PULUMI_ROOT_DIRECTORY="+info.GetRootDirectory(),
		"PULUMI_DRY_RUN="+strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL="+strconv.Itoa(int(req.GetParallel())))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ee.ExitCode() == constant.ExitStatusLoggedError {
				return &pulumirpc.RunResponse{Bail: true}, nil // pulumi.Run has already reported the error
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ee.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the program: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

type goModule struct {
	Path    string
	Version string
	Dir     string
	Replace *goModule
}

type pluginFile struct {
	Resource bool   `json:"resource"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	Server   string `json:"server"`
}

// resourcePackages: the resource plugins the program's modules declare (generated SDKs ship a
// pulumi-plugin.json at their module root).
func resourcePackages(ctx context.Context, dir string) ([]*pulumirpc.PackageDependency, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-json", "all")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m -json all in %s: %w", dir, err)
	}
	var pkgs []*pulumirpc.PackageDependency
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var m goModule
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		moduleDir := m.Dir
		if m.Replace != nil && m.Replace.Dir != "" {
			moduleDir = m.Replace.Dir
		}
		text, err := os.ReadFile(filepath.Join(moduleDir, "pulumi-plugin.json"))
		if moduleDir == "" || err != nil {
			continue
		}
		var p pluginFile
		if json.Unmarshal(text, &p) != nil || !p.Resource || p.Name == "" {
			continue
		}
		v := p.Version
		if v != "" && !strings.HasPrefix(v, "v") {
			v = "v" + v
		}
		pkgs = append(pkgs, &pulumirpc.PackageDependency{Kind: "resource", Name: p.Name, Version: v, Server: p.Server})
	}
	return pkgs, nil
}

func (h *languageHost) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	pkgs, err := resourcePackages(ctx, req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

func (h *languageHost) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	pkgs, err := resourcePackages(ctx, req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	plugins := make([]*pulumirpc.PluginDependency, 0, len(pkgs))
	for _, p := range pkgs {
		plugins = append(plugins, &pulumirpc.PluginDependency{Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *languageHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, goBin, "env", "GOVERSION").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: goBin, Version: strings.TrimSpace(string(out))}, nil
}

func (h *languageHost) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()
	cmd := exec.CommandContext(server.Context(), "go", "mod", "download")
	cmd.Dir = req.GetInfo().GetProgramDirectory()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go mod download in %s: %w", cmd.Dir, err)
	}
	return closer.Close()
}

// GenerateProgram writes Go for a PCL program (e.g. `pulumi import`'s resources).
func (h *languageHost) GenerateProgram(ctx context.Context, req *pulumirpc.GenerateProgramRequest) (*pulumirpc.GenerateProgramResponse, error) {
	return programgen.Serve(ctx, req, codegen.GenerateProgram)
}
