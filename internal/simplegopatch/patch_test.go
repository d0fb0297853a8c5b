package simplegopatch

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// childEnv marks the process TestNothingChangesBeforeInstall starts.
const childEnv = "SIMPLEGOPATCH_TEST_CHILD"

// TestMain installs the patches for the tests, except in the child process
// of TestNothingChangesBeforeInstall.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "" {
		Install()
	}
	os.Exit(m.Run())
}

// TestNothingChangesBeforeInstall runs itself in a new process, where
// nothing has called Install: GoMLX's tables hold GoMLX's own functions
// until Install puts the patches in.
func TestNothingChangesBeforeInstall(t *testing.T) {
	vjp := func() string { return funcName(graph.VJPRegistration[graph.NodeTypeDotGeneral]) }
	executor := func() string { return funcName(simplegoNodeExecutors[backends.OpTypeDotGeneral]) }
	if os.Getenv(childEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNothingChangesBeforeInstall$", "-test.v")
		cmd.Env = append(os.Environ(), childEnv+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestNothingChangesBeforeInstall") {
			t.Fatalf("child process: %v\n%s", err, out)
		}
		return
	}
	if got := vjp(); !strings.HasPrefix(got, "github.com/gomlx/gomlx/pkg/core/graph.") {
		t.Errorf("before Install, the DotGeneral VJP is %s, want GoMLX's", got)
	}
	if got := executor(); got != simplegoDotGeneralName {
		t.Errorf("before Install, simplego's DotGeneral executor is %s, want %s", got, simplegoDotGeneralName)
	}
	if s := Install(); s.VJPs != nil || s.Gemm != nil || s.Ops != nil {
		t.Fatalf("Install() = %+v, want every patch in", s)
	}
	if got := vjp(); !strings.HasSuffix(got, ".fastDotGeneralVJP") {
		t.Errorf("after Install, the DotGeneral VJP is %s, want fastDotGeneralVJP", got)
	}
	if got := executor(); !strings.HasSuffix(got, ".gemmDotGeneral") {
		t.Errorf("after Install, simplego's DotGeneral executor is %s, want gemmDotGeneral", got)
	}
}

// TestCheckVersion feeds checkVersion build information as a program, a
// test binary and odd builds record it.
func TestCheckVersion(t *testing.T) {
	dep := func(version string, replace *debug.Module) []*debug.Module {
		return []*debug.Module{{Path: "golang.org/x/text", Version: "v0.3.0"},
			{Path: GoMLXModule, Version: version, Replace: replace}}
	}
	tests := []struct {
		name   string
		info   *debug.BuildInfo
		ok     bool
		inTest bool
		want   string // "" for nil, else part of the error
	}{
		{"program with v0.26.0", &debug.BuildInfo{Deps: dep(GoMLXVersion, nil)}, true, false, ""},
		{"program with v0.26.1", &debug.BuildInfo{Deps: dep("v0.26.1", nil)}, true, false, "GoMLX is v0.26.1"},
		{"program with v0.27.0 in a test", &debug.BuildInfo{Deps: dep("v0.27.0", nil)}, true, true, "GoMLX is v0.27.0"},
		{"replaced by a directory", &debug.BuildInfo{Deps: dep(GoMLXVersion, &debug.Module{Path: "../gomlx"})}, true, false,
			"replaced by ../gomlx"},
		{"replaced by itself", &debug.BuildInfo{Deps: dep(GoMLXVersion, &debug.Module{Path: GoMLXModule, Version: GoMLXVersion})},
			true, false, ""},
		{"test binary without deps", &debug.BuildInfo{}, true, true, ""},
		{"program without GoMLX", &debug.BuildInfo{Deps: dep(GoMLXVersion, nil)[:1]}, true, false, "is not among"},
		{"program without deps", &debug.BuildInfo{}, true, false, "is not among"},
		{"no build information", nil, false, false, "no build information"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkVersion(tt.info, tt.ok, tt.inTest)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("checkVersion = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrNotPatched)):
				t.Errorf("checkVersion = %v, want ErrNotPatched saying %q", err, tt.want)
			}
		})
	}
}

// TestGoModPinsGoMLX checks that go.mod requires the GoMLX version the
// patches are written for: test binaries do not record their
// dependencies, so checkVersion trusts go.mod there.
func TestGoModPinsGoMLX(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(GoMLXModule) + `\s+(\S+)`)
	m := re.FindSubmatch(mod)
	if m == nil || string(m[1]) != GoMLXVersion {
		t.Fatalf("go.mod requires %s at %q, the patches are written for %s", GoMLXModule, m, GoMLXVersion)
	}
	if regexp.MustCompile(`(?m)^\s*(?:replace\s+)?` + regexp.QuoteMeta(GoMLXModule) + `(\s+\S+)?\s+=>`).Match(mod) {
		t.Errorf("go.mod replaces %s", GoMLXModule)
	}
}
