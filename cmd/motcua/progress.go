package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress shows long work: a bar redrawn in place on a terminal, plain lines otherwise (logs, CI).
type progress struct {
	w        io.Writer
	terminal bool
	mu       sync.Mutex
	last     time.Time
	open     bool // a bar is drawn on the terminal without its line ended
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

// Report is called as work advances; done == total ends the line.
func (p *progress) Report(task string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	end := done >= total
	if !end && time.Since(p.last) < 200*time.Millisecond && p.terminal {
		return
	}
	if !end && !p.terminal && time.Since(p.last) < 5*time.Second {
		return
	}
	p.last = time.Now()
	pct := 100
	if total > 0 {
		pct = done * 100 / total
	}
	if p.terminal {
		bar := strings.Repeat("█", pct/4) + strings.Repeat("░", 25-pct/4)
		fmt.Fprintf(p.w, "\r%-28s %s %3d%% %d/%d", task, bar, pct, done, total)
		p.open = !end
		if end {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintf(p.w, "%s: %d/%d (%d%%)\n", task, done, total, pct)
}

// Stop ends a bar left unfinished, when the work fails part way, so that what is written next
// (the error) starts on its own line.
func (p *progress) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}
