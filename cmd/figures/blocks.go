package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// block is one generated part of a document: the text between the lines
// <!-- figures:NAME begin --> and <!-- figures:NAME end --> of doc (a path
// relative to the repository's root).
type block struct {
	doc, name, text string
}

// ErrMarkers is returned (wrapped) when a document lacks a block's markers,
// has them out of order or twice, or has a block no result file gives.
var ErrMarkers = errors.New("figures: markers missing, out of order or unknown")

func beginMarker(name string) string { return "<!-- figures:" + name + " begin -->\n" }
func endMarker(name string) string   { return "<!-- figures:" + name + " end -->" }

// anyBegin finds every block's begin marker.
var anyBegin = regexp.MustCompile(`<!-- figures:(\S+) begin -->`)

// applyBlocks returns each document the blocks belong to with its blocks
// replaced, in the order the documents first appear in blocks.
func applyBlocks(root string, blocks []block) ([]output, error) {
	var docs []string
	for _, b := range blocks {
		if !slices.Contains(docs, b.doc) {
			docs = append(docs, b.doc)
		}
	}
	var outs []output
	for _, doc := range docs {
		path := filepath.Join(root, doc)
		text, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", doc, err)
		}
		var names []string
		for _, b := range blocks {
			if b.doc != doc {
				continue
			}
			names = append(names, b.name)
			if text, err = replaceBlock(text, b.name, b.text); err != nil {
				return nil, fmt.Errorf("%s: %w", doc, err)
			}
		}
		for _, m := range anyBegin.FindAllSubmatch(text, -1) {
			if !slices.Contains(names, string(m[1])) {
				return nil, fmt.Errorf("%s: %w: no result file gives a block %q", doc, ErrMarkers, m[1])
			}
		}
		outs = append(outs, output{path: path, content: text})
	}
	return outs, nil
}

// replaceBlock returns text with what lies between the markers of the block
// name replaced by block.
func replaceBlock(text []byte, name, block string) ([]byte, error) {
	begin, end := []byte(beginMarker(name)), []byte(endMarker(name))
	b := bytes.Index(text, begin)
	e := bytes.Index(text, end)
	if b < 0 || e < b || bytes.Count(text, begin) != 1 || bytes.Count(text, end) != 1 {
		return nil, fmt.Errorf("%w: want one %q line, then one %q", ErrMarkers, begin[:len(begin)-1], end)
	}
	var out bytes.Buffer
	out.Write(text[:b+len(begin)])
	out.WriteString(block)
	out.Write(text[e:])
	return out.Bytes(), nil
}
