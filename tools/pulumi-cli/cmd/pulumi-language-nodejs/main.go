// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine, written for this
// project (it is not Pulumi's host). Our Go module proxy does not serve Pulumi's own host module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, see ../../README.md), so the CLI built
// by scripts/setup-pulumi.sh ships this one instead. It speaks the LanguageRuntime gRPC protocol from
// github.com/pulumi/pulumi/sdk/v3/proto/go and does what our programs need:
//
//   - Handshake / GetPluginInfo
//   - GetRequiredPackages / GetRequiredPlugins: the program's package.json dependencies whose package.json
//     says `"pulumi": {"resource": true}` (none for @pulumi/pulumi alone)
//   - Run: `node [nodeargs] <@pulumi/pulumi/cmd/run> --monitor ... <entry point>` resolved from the
//     program directory, config in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS
//   - InstallDependencies: `npm install` in the program directory
//   - GetProgramDependencies / About: the program's direct dependencies and the node version
//   - GenerateProgram: PCL (what `pulumi import` writes) to TypeScript with Pulumi's pkg/codegen/nodejs,
//     through ../../internal/programgen; the code imports the SDK by the schema's language.nodejs.packageName
//
// Everything else (RunPlugin for Node.js-source plugins and policy packs, GenerateProject, GeneratePackage,
// packing, linking, debugger attach) answers Unimplemented. Dynamic providers do not need RunPlugin: the engine starts the
// `pulumi-resource-pulumi-nodejs` script shipped in the @pulumi/pulumi npm package directly.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/shlex"
	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"pulumi-eternus-rec/tools/pulumi-cli/internal/langhost"
	"pulumi-eternus-rec/tools/pulumi-cli/internal/programgen"
)

// exitCodeBail is what @pulumi/pulumi/cmd/run exits with after it has already shown the user an actionable
// message; the engine is then told to stop without printing anything more.
const exitCodeBail = 32

func main() {
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint, passed on to the program")
	showVersion := flag.Bool("version", false, "print the plugin version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)

	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	host := &languageHost{tracing: *tracing}
	if engineAddress != "" {
		if err := host.setEngine(engineAddress); err != nil {
			cmdutil.Exit(err)
		}
	}
	langhost.Serve(host)
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	tracing string

	mu            sync.Mutex
	engineAddress string
}

// setEngine records the engine's address and exits this process once the engine goes away.
func (h *languageHost) setEngine(addr string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.engineAddress == addr {
		return nil
	}
	h.engineAddress = addr
	return langhost.ExitWithEngine(addr)
}

func (h *languageHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if err := h.setEngine(req.GetEngineAddress()); err != nil {
		return nil, err
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// options are the `runtime.options` of Pulumi.yaml that this host honours.
type options struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	opts := options{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts, nil
	}
	m := info.GetOptions().AsMap()
	if v, ok := m["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return opts, errors.New("runtime option typescript must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := m["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("runtime option tsconfig must be a string")
		}
		opts.tsconfig = s
	}
	if v, ok := m["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("runtime option nodeargs must be a string")
		}
		args, err := shlex.Split(s)
		if err != nil {
			return opts, fmt.Errorf("runtime option nodeargs: %w", err)
		}
		opts.nodeargs = args
	}
	return opts, nil
}

// resolveFrom asks node where `require(module)` leads when required from dir, so that the program's own
// @pulumi/pulumi is used.
func resolveFrom(ctx context.Context, nodeBin, dir, module string) (string, error) {
	script := "process.stdout.write(require.resolve(process.argv[1], {paths: [process.argv[2]]}))"
	cmd := exec.CommandContext(ctx, nodeBin, "-e", script, module, dir)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("cannot find %s from %s (is @pulumi/pulumi installed there? run `npm install`): %v %s",
			module, dir, err, stderr)
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return nil, status.Error(codes.InvalidArgument, "RunRequest has no program info")
	}
	opts, err := parseOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = "@pulumi/pulumi/cmd/run"
	}
	if !filepath.IsAbs(runPath) {
		if runPath, err = resolveFrom(ctx, nodeBin, info.GetProgramDirectory(), runPath); err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engine())
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", info.GetRootDirectory())
	flagArg("stack", req.GetStack())
	flagArg("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	flagArg("tracing", h.tracing)
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	// Config keys go to the program as "<namespace>:config:<name>", the form every @pulumi/pulumi reads.
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("bad config key %q: %v", k, err)}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	configEnv, err := langhost.ConfigEnv(cfg, req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), configEnv...)
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	logging.V(5).Infof("pulumi-language-nodejs: running %s %s", nodeBin, strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = info.GetProgramDirectory()
	cmd.Env = env
	// Wrapping the writers keeps exec from handing our own file descriptors to node, which may switch them
	// to non-blocking mode.
	cmd.Stdout = struct{ *os.File }{os.Stdout}
	cmd.Stderr = struct{ *os.File }{os.Stderr}
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second

	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ee.ExitCode() == exitCodeBail {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ee.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

type packageJSON struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	Pulumi               struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// findInstalled finds node_modules/<name>/package.json from dir upwards, like node's resolution does.
func findInstalled(dir, name string) (string, *packageJSON) {
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "node_modules", filepath.FromSlash(name), "package.json")
		if pkg, err := readPackageJSON(p); err == nil {
			return p, pkg
		}
		if parent := filepath.Dir(d); parent == d {
			return "", nil
		}
	}
}

type dependency struct {
	name    string
	version string
	pkg     *packageJSON
}

// directDependencies lists the program's package.json dependencies as installed under node_modules.
func directDependencies(programDir string) ([]dependency, error) {
	root, err := readPackageJSON(filepath.Join(programDir, "package.json"))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	names := map[string]bool{}
	for _, m := range []map[string]string{root.Dependencies, root.DevDependencies, root.OptionalDependencies} {
		for n := range m {
			names[n] = true
		}
	}
	var deps []dependency
	for n := range names {
		if _, pkg := findInstalled(programDir, n); pkg != nil {
			deps = append(deps, dependency{name: n, version: pkg.Version, pkg: pkg})
		}
	}
	sort.Slice(deps, func(i, j int) bool { return deps[i].name < deps[j].name })
	return deps, nil
}

func resourcePlugins(info *pulumirpc.ProgramInfo) ([]*pulumirpc.PackageDependency, error) {
	if info == nil {
		return nil, nil
	}
	deps, err := directDependencies(info.GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	var out []*pulumirpc.PackageDependency
	for _, d := range deps {
		if !d.pkg.Pulumi.Resource {
			continue
		}
		name := d.pkg.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(d.name, "@pulumi/")
		}
		v := d.pkg.Pulumi.Version
		if v == "" {
			v = d.pkg.Version
		}
		if v != "" && !strings.HasPrefix(v, "v") {
			v = "v" + v
		}
		out = append(out, &pulumirpc.PackageDependency{
			Kind: "resource", Name: name, Version: v, Server: d.pkg.Pulumi.Server,
		})
	}
	return out, nil
}

func (h *languageHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	pkgs, err := resourcePlugins(req.GetInfo())
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

func (h *languageHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	pkgs, err := resourcePlugins(req.GetInfo())
	if err != nil {
		return nil, err
	}
	plugins := make([]*pulumirpc.PluginDependency, 0, len(pkgs))
	for _, p := range pkgs {
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *languageHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	deps, err := directDependencies(req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	out := make([]*pulumirpc.DependencyInfo, 0, len(deps))
	for _, d := range deps {
		out = append(out, &pulumirpc.DependencyInfo{Name: d.name, Version: d.version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: out}, nil
}

func (h *languageHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	out, err := exec.CommandContext(ctx, nodeBin, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory() //nolint:staticcheck // older engines only fill Directory
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()
	npmBin, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("could not find npm on the $PATH: %w", err)
	}
	cmd := exec.CommandContext(server.Context(), npmBin, "install")
	cmd.Dir = dir
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install in %s: %w", dir, err)
	}
	return closer.Close()
}

// GenerateProgram writes TypeScript for a PCL program (e.g. `pulumi import`'s resources).
func (h *languageHost) GenerateProgram(ctx context.Context, req *pulumirpc.GenerateProgramRequest) (*pulumirpc.GenerateProgramResponse, error) {
	return programgen.Serve(ctx, req, codegen.GenerateProgram)
}
