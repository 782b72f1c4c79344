// Package programgen serves the LanguageRuntime's GenerateProgram for our language hosts: it binds the PCL
// the engine sends (what `pulumi import` writes, or `pulumi convert`) against schemas from the engine's
// loader, then hands the bound program to one of Pulumi's code generators (pkg/codegen/go, /nodejs).
// Both hosts (cmd/pulumi-language-go, cmd/pulumi-language-nodejs) share this so the binding rules live once.
package programgen

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Generator turns a bound program into source files (file name -> contents).
type Generator func(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error)

// Serve answers a GenerateProgramRequest with gen. Errors in the PCL (parse or bind) come back as
// diagnostics in the response, as the engine expects, not as an RPC error.
func Serve(_ context.Context, req *pulumirpc.GenerateProgramRequest, gen Generator) (*pulumirpc.GenerateProgramResponse, error) {
	if req.GetLoaderTarget() == "" {
		return nil, errors.New("GenerateProgram: the request names no schema loader (loader_target)")
	}
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, fmt.Errorf("GenerateProgram: connecting to the schema loader: %w", err)
	}
	defer loader.Close()

	parser := syntax.NewParser()
	// In name order, so diagnostics come out the same on every run.
	names := make([]string, 0, len(req.GetSource()))
	for name := range req.GetSource() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := parser.ParseFile(strings.NewReader(req.GetSource()[name]), name); err != nil {
			return nil, fmt.Errorf("GenerateProgram: reading %s: %w", name, err)
		}
	}
	if parser.Diagnostics.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics)}, nil
	}

	options := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	// `pulumi import` asks for non-strict binding: its PCL may name a parent or provider it does not declare.
	if !req.GetStrict() {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), options...)
	if err != nil {
		return nil, fmt.Errorf("GenerateProgram: binding the program: %w", err)
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: rpcDiags}, nil
	}
	if program == nil {
		return nil, errors.New("GenerateProgram: binding returned no program and no error")
	}

	files, genDiags, err := gen(program)
	if err != nil {
		return nil, fmt.Errorf("GenerateProgram: generating code: %w", err)
	}
	return &pulumirpc.GenerateProgramResponse{
		Source:      files,
		Diagnostics: append(rpcDiags, plugin.HclDiagnosticsToRPCDiagnostics(genDiags)...),
	}, nil
}
