// Package testsmtp is a small SMTP server on loopback that keeps what it receives: the tests'
// mail server and the demo's mail sink. It speaks enough of RFC 5321 for a real client (EHLO,
// HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and nothing of relaying.
package testsmtp

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte // as sent, CRLF line ends, dot-stuffing removed
	File string // where it was written, when the server keeps a folder
}

// Options configure a server; the zero value accepts every message and keeps it in memory.
type Options struct {
	// Dir, when set, receives every message as an .eml file too.
	Dir string
	// User and Password, when set, are required through AUTH PLAIN before MAIL.
	User, Password string
	// Logf, when set, hears of every message.
	Logf func(format string, args ...any)
}

// Server is a running SMTP server.
type Server struct {
	opts Options
	ln   net.Listener
	wg   sync.WaitGroup

	mu     sync.Mutex
	msgs   []Message
	refuse bool
	lose   bool
	seq    int
	conns  map[net.Conn]bool
	got    chan struct{} // closed and replaced on every message
	closed bool
}

// Start listens on a free loopback port.
func Start(opts Options) (*Server, error) {
	if opts.Dir != "" {
		if err := os.MkdirAll(opts.Dir, 0o750); err != nil {
			return nil, fmt.Errorf("mail folder: %w", err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, ln: ln, conns: map[net.Conn]bool{}, got: make(chan struct{})}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

// Addr is host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Refuse makes the server answer every new connection "421 not available" and hang up (on), or
// serve again (off): a mail server that is down, then back.
func (s *Server) Refuse(on bool) {
	s.mu.Lock()
	s.refuse = on
	s.mu.Unlock()
}

// LoseAcks makes the server keep each message it receives and then hang up without saying so
// (on): the client cannot know the message arrived, as when an acknowledgement is lost.
func (s *Server) LoseAcks(on bool) {
	s.mu.Lock()
	s.lose = on
	s.mu.Unlock()
}

// Messages returns a copy of what was received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until at least n messages have been received, or d has passed.
func (s *Server) Wait(n int, d time.Duration) []Message {
	deadline := time.After(d)
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			out := append([]Message(nil), s.msgs...)
			s.mu.Unlock()
			return out
		}
		got := s.got
		s.mu.Unlock()
		select {
		case <-got:
		case <-deadline:
			return s.Messages()
		}
	}
}

// Close stops listening and ends open sessions.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.session(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			c.Close()
		}()
	}
}

// session is one client's conversation.
func (s *Server) session(c net.Conn) {
	_ = c.SetDeadline(time.Now().Add(2 * time.Minute))
	r := bufio.NewReader(c)
	w := bufio.NewWriter(c)
	reply := func(format string, args ...any) bool {
		fmt.Fprintf(w, format+"\r\n", args...)
		return w.Flush() == nil
	}
	s.mu.Lock()
	refuse := s.refuse
	s.mu.Unlock()
	if refuse {
		reply("421 4.3.2 testsmtp not available")
		return
	}
	if !reply("220 testsmtp ESMTP ready") {
		return
	}
	var from string
	var to []string
	greeted, authed := false, s.opts.User == ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			greeted = true
			from, to = "", nil
			fmt.Fprintf(w, "250-testsmtp greets %s\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n", arg)
			reply("250 SMTPUTF8")
		case "HELO":
			greeted = true
			from, to = "", nil
			reply("250 testsmtp")
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !strings.EqualFold(mech, "PLAIN") {
				reply("504 5.5.4 only PLAIN")
				continue
			}
			if initial == "" {
				reply("334 ")
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				initial = strings.TrimSpace(l)
			}
			b, err := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(b), "\x00")
			if err != nil || len(parts) != 3 || parts[1] != s.opts.User || parts[2] != s.opts.Password {
				reply("535 5.7.8 authentication failed")
				continue
			}
			authed = true
			reply("235 2.7.0 authenticated")
		case "MAIL":
			switch {
			case !greeted:
				reply("503 5.5.1 say EHLO first")
			case !authed:
				reply("530 5.7.0 authentication required")
			default:
				from, to = pathOf(arg, "FROM:"), nil
				reply("250 2.1.0 ok")
			}
		case "RCPT":
			if from == "" {
				reply("503 5.5.1 MAIL first")
				continue
			}
			to = append(to, pathOf(arg, "TO:"))
			reply("250 2.1.5 ok")
		case "DATA":
			if from == "" || len(to) == 0 {
				reply("503 5.5.1 MAIL and RCPT first")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			data, err := readData(r)
			if err != nil {
				return
			}
			m := Message{From: from, To: to, Data: data}
			err = s.keep(&m)
			s.mu.Lock()
			lose := s.lose
			s.mu.Unlock()
			if lose && err == nil {
				return
			}
			if err != nil {
				reply("451 4.3.0 %v", err)
			} else {
				reply("250 2.0.0 queued")
			}
			from, to = "", nil
		case "RSET":
			from, to = "", nil
			reply("250 2.0.0 ok")
		case "NOOP":
			reply("250 2.0.0 ok")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 command not implemented")
		}
	}
}

// pathOf reads the address of "FROM:<a@b> SIZE=…".
func pathOf(arg, prefix string) string {
	arg = strings.TrimSpace(arg)
	if len(arg) >= len(prefix) && strings.EqualFold(arg[:len(prefix)], prefix) {
		arg = arg[len(prefix):]
	}
	arg, _, _ = strings.Cut(strings.TrimSpace(arg), " ")
	return strings.Trim(arg, "<>")
}

// readData reads the message up to the lone dot, undoing dot-stuffing.
func readData(r *bufio.Reader) ([]byte, error) {
	var b bytes.Buffer
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		t := strings.TrimRight(line, "\r\n")
		if t == "." {
			return b.Bytes(), nil
		}
		t = strings.TrimPrefix(t, ".")
		b.WriteString(t)
		b.WriteString("\r\n")
	}
}

func (s *Server) keep(m *Message) error {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	if s.opts.Dir != "" {
		m.File = filepath.Join(s.opts.Dir, fmt.Sprintf("%s-%04d.eml", time.Now().Format("20060102-150405"), n))
		if err := os.WriteFile(m.File, m.Data, 0o640); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, *m)
	close(s.got)
	s.got = make(chan struct{})
	s.mu.Unlock()
	if s.opts.Logf != nil {
		s.opts.Logf("mail from %s to %s (%d bytes) %s", m.From, strings.Join(m.To, ", "), len(m.Data), m.File)
	}
	return nil
}
