// Package smtp sends notices as email through an SMTP server (RFC 5321): plain-text UTF-8
// messages with an RFC 2047 subject and a quoted-printable body, over STARTTLS, implicit TLS or,
// for a server on the same machine, a plain connection.
package smtp

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	netsmtp "net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/motcua/motcua/deliver"
	"github.com/motcua/motcua/notice"
)

// Security is how the connection to the server is protected.
type Security string

const (
	StartTLS Security = "starttls" // plain connection upgraded with STARTTLS, which must be offered (port 587)
	TLS      Security = "tls"      // TLS from the first byte (port 465)
	None     Security = "none"     // no encryption: only for a relay on the same machine or network
)

// ParseSecurity reads a --smtp-tls value.
func ParseSecurity(v string) (Security, error) {
	switch s := Security(strings.ToLower(strings.TrimSpace(v))); s {
	case StartTLS, TLS, None:
		return s, nil
	case "":
		return StartTLS, nil
	}
	return "", fmt.Errorf("SMTP security %q: want starttls, tls or none", v)
}

// Mailer sends through one SMTP server.
type Mailer struct {
	Addr     string // host:port
	User     string // empty: no authentication
	Password string
	From     *mail.Address
	Security Security
	// TLSConfig overrides the default (the server's host name verified against the system roots).
	TLSConfig *tls.Config
	// Hello is the name this host gives in EHLO; default "localhost".
	Hello string
}

// New checks the settings and makes a mailer.
func New(addr, user, password, from string, sec Security) (*Mailer, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("SMTP server %q: want host:port", addr)
	}
	f, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("sender address %q: %w", from, err)
	}
	return &Mailer{Addr: addr, User: user, Password: password, From: f, Security: sec}, nil
}

// MessageID is the Message-ID of the notice named key: the same on every attempt, under the
// sender's domain.
func (m *Mailer) MessageID(key string) string {
	domain := "motcua.invalid"
	if _, d, ok := strings.Cut(m.From.Address, "@"); ok && d != "" {
		domain = d
	}
	return "<" + key + "@" + domain + ">"
}

// Send delivers msg to the server. A refusal with a 5xx reply is permanent; anything else (no
// connection, a 4xx reply, a timeout) is worth another try.
func (m *Mailer) Send(ctx context.Context, msg notice.Message) error {
	to, err := mail.ParseAddress(msg.To)
	if err != nil {
		return deliver.Permanent(fmt.Errorf("recipient %q: %w", msg.To, err))
	}
	data := m.Compose(to, msg)
	err = m.send(ctx, to.Address, data)
	var tpe *textproto.Error
	if errors.As(err, &tpe) && tpe.Code >= 500 {
		return deliver.Permanent(fmt.Errorf("SMTP %s: %w", m.Addr, err))
	}
	if err != nil {
		return fmt.Errorf("SMTP %s: %w", m.Addr, err)
	}
	return nil
}

func (m *Mailer) send(ctx context.Context, to string, data []byte) error {
	host, _, _ := net.SplitHostPort(m.Addr)
	tcfg := m.TLSConfig
	if tcfg == nil {
		tcfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	d := net.Dialer{Timeout: 15 * time.Second}
	var conn net.Conn
	var err error
	if m.Security == TLS {
		conn, err = (&tls.Dialer{NetDialer: &d, Config: tcfg}).DialContext(ctx, "tcp", m.Addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", m.Addr)
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	// net/smtp takes no context: a deadline bounds the conversation, and cancelling hangs up.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := netsmtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	hello := m.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return err
	}
	if m.Security == StartTLS || m.Security == "" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("the server does not offer STARTTLS (use --smtp-tls none for a local relay)")
		}
		if err := c.StartTLS(tcfg); err != nil {
			return err
		}
	}
	if m.User != "" {
		// PlainAuth refuses to send the password unencrypted, except to localhost.
		if err := c.Auth(netsmtp.PlainAuth("", m.User, m.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(m.From.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// Compose writes msg as an RFC 5322 message: the same bytes on every attempt.
func (m *Mailer) Compose(to *mail.Address, msg notice.Message) []byte {
	var b bytes.Buffer
	h := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	h("From", m.From.String())
	h("To", to.String())
	h("Subject", encodeHeader(msg.Subject))
	h("Date", msg.At.Format(time.RFC1123Z))
	h("Message-ID", m.MessageID(msg.Key))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	h("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(msg.Text, "\r\n", "\n"), "\n", "\r\n")))
	_ = qp.Close()
	return b.Bytes()
}

// encodeHeader encodes a header value as RFC 2047 words, folded between words so that no line
// grows past 78 characters.
func encodeHeader(v string) string {
	return strings.ReplaceAll(mime.QEncoding.Encode("utf-8", v), "?= =?", "?=\r\n =?")
}
