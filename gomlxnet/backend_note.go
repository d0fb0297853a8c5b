package gomlxnet

import (
	"fmt"
	"hash/fnv"
	"html"
	"os"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// Hooks for tests: whether we run in a GoNB notebook, the directory GoNB
// keeps for the kernel session, and how a note reaches the cell's output.
var (
	backendInNotebook = func() bool { return gonbui.IsNotebook }
	backendSessionDir = func() string { return os.Getenv(protocol.GONB_TMP_DIR_ENV) }
	backendShowNote   = func(line string) {
		gonbui.DisplayHTML(`<div class="gomlxnet-note" style="color:#666;font-size:90%">` +
			html.EscapeString(line) + `</div>`)
		gonbui.Sync()
	}
)

// announceBackend shows line, the one line naming the backend just chosen.
// Outside a notebook it goes to backendLog (standard error), once per
// process. In a GoNB notebook every cell runs as a new process, and the
// notebook shows standard error as a red box, which reads as an error: there
// the line is a grey note in the cell's output, shown only when it is news
// in this kernel session, that is the first time the session chose this
// backend for this reason (a file in GoNB's session directory,
// $GONB_TMP_DIR, remembers the lines shown).
func announceBackend(line string) {
	if !backendInNotebook() {
		fmt.Fprintln(backendLog, line)
		return
	}
	if dir := backendSessionDir(); dir != "" {
		h := fnv.New64a()
		h.Write([]byte(line))
		mark := filepath.Join(dir, fmt.Sprintf(".gomlxnet-backend-%016x", h.Sum64()))
		f, err := os.OpenFile(mark, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil && os.IsExist(err) {
			return // shown before in this kernel session
		}
		if err == nil {
			f.Close()
		}
	}
	backendShowNote(line)
}
