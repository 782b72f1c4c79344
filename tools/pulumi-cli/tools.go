//go:build tools

// Package tools pins the Pulumi CLI main package so that `go mod tidy` keeps its requirements.
// It is never compiled (build tag "tools"); scripts/setup-pulumi.sh builds the commands listed here.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
