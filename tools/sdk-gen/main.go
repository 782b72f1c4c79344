// sdk-gen: generates the Go and Python SDKs of the eternus package from its schema (the plugin's
// provider/plugin/schema.json), offline, with Pulumi's own code generators at the CLI's version.
//
//	sdk-gen -schema provider/plugin/schema.json -out sdk -lang go,python[,nodejs]
//
// nodejs: the generated Node SDK needs @pulumi/pulumi >= 3.269 (Node 22); this project does not build it
// by default (it pins 3.248 for Node 20), a Node 22 user asks for it (SDK_LANGS=nodejs npm run sdk).
//
// Writes <out>/<lang>/..., replacing what was there.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-eternus-rec sdk-gen"

func main() {
	schemaPath := flag.String("schema", "provider/plugin/schema.json", "the package schema")
	out := flag.String("out", "sdk", "output folder (one subfolder per language)")
	langs := flag.String("lang", "go,python", "languages to generate (go, python, nodejs)")
	flag.Parse()
	if err := run(*schemaPath, *out, strings.Split(*langs, ",")); err != nil {
		fmt.Fprintf(os.Stderr, "sdk-gen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string, langs []string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	for _, lang := range langs {
		// Each generator imports its own language section, so each binds a fresh package.
		pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
		if err != nil {
			return err
		}
		if diags.HasErrors() {
			return diags
		}
		var files map[string][]byte
		switch lang {
		case "go":
			files, err = gogen.GeneratePackage(tool, pkg, nil)
		case "python":
			files, err = pygen.GeneratePackage(tool, pkg, nil, noPackages{})
		case "nodejs":
			files, err = nodegen.GeneratePackage(tool, pkg, nil, nil, false, noPackages{})
		default:
			return fmt.Errorf("unknown language %q (go, python, nodejs)", lang)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		if err := write(filepath.Join(out, lang), files); err != nil {
			return err
		}
	}
	return nil
}

func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noPackages: the eternus schema references no other package, so any load is an error (offline, no plugins).
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the eternus schema references package %q; sdk-gen loads no other package", pkg)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (l noPackages) LoadPackageReference(pkg string, v *semver.Version) (schema.PackageReference, error) {
	_, err := l.LoadPackage(pkg, v)
	return nil, err
}

func (l noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}
