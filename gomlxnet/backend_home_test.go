package gomlxnet

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestStartWithoutHome runs this test binary again with $HOME unset (issue
// 14, item 8): loading the package prints nothing (go-xla used to log that it
// could not find the home directory) and the program still sees $HOME unset.
func TestStartWithoutHome(t *testing.T) {
	if os.Getenv("GOMLXNET_HOME_CHILD") == "1" {
		if _, ok := os.LookupEnv("HOME"); ok {
			os.Stdout.WriteString("child: HOME is set\n")
		} else {
			os.Stdout.WriteString("child: HOME is unset\n")
		}
		return
	}
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "HOME=") })
	cmd := exec.Command(os.Args[0], "-test.run=^TestStartWithoutHome$", "-test.v")
	cmd.Env = append(env, "GOMLXNET_HOME_CHILD=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s%s", err, out, stderr.String())
	}
	if !strings.Contains(string(out), "child: HOME is unset") {
		t.Errorf("child output %q, want $HOME still unset", out)
	}
	if stderr.Len() > 0 {
		t.Errorf("starting without $HOME wrote to standard error:\n%s", stderr.String())
	}
}
