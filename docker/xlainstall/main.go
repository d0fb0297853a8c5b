// Command xlainstall installs XLA's CPU PJRT plugin into an image the way GoMLX
// v0.26.0 does on first use of its XLA backend: backends/xla.AutoInstall calls
// go-xla's installer.AutoInstall("", true, installer.Normal), which puts the
// plugin under $HOME/.local/lib/go-xla (a directory GoMLX searches), so that no
// notebook has to download it later.
//
// It is a module of its own (docker/xlainstall/go.mod), pinned to the go-xla
// version GoMLX v0.26.0 requires, so the course module needs nothing for it.
//
//	go run . [-lib DIR]   # DIR defaults to $HOME/.local/lib, as in GoMLX
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gomlx/go-xla/pkg/installer"
)

func main() {
	lib := flag.String("lib", "", `"lib" directory under which go-xla/ is created (default: $HOME/.local/lib, as GoMLX does)`)
	flag.Parse()
	dir := *lib
	if dir == "" {
		var err error
		if dir, err = installer.DefaultHomeLibPath(); err != nil {
			fail(err)
		}
	}
	if err := installer.AutoInstall(dir, true, installer.Normal); err != nil {
		fail(err)
	}
	plugins, _ := filepath.Glob(filepath.Join(dir, "go-xla", "pjrt_c_api_cpu_*plugin.so"))
	if len(plugins) == 0 {
		fail(fmt.Errorf("no pjrt_c_api_cpu_*plugin.so under %s after installing", filepath.Join(dir, "go-xla")))
	}
	fmt.Printf("xlainstall: %v\n", plugins)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "xlainstall: error: %v\n", err)
	os.Exit(1)
}
