package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/deliver"
	"github.com/motcua/motcua/deliver/sms"
	"github.com/motcua/motcua/deliver/smtp"
	"github.com/motcua/motcua/internal/testsmtp"
	"github.com/motcua/motcua/notice"
	"github.com/motcua/motcua/store"
)

// noticeConfig is how notices reach applicants (docs/notices.md).
type noticeConfig struct {
	SMTPAddr     string
	SMTPUser     string
	SMTPPassword string
	SMTPFrom     string
	SMTPTLS      string
	SMSURL       string
	SMSToken     string
	PublicURL    string
}

// addNoticeFlags binds the mail server, the SMS gateway and the public address to c, each
// defaulting from its MOTCUA_* variable. Passwords and tokens are better given in the environment.
func addNoticeFlags(fs *flag.FlagSet, c *noticeConfig) {
	fs.StringVar(&c.SMTPAddr, "smtp-addr", os.Getenv("MOTCUA_SMTP_ADDR"), "SMTP server for email notices, host:port; empty: email notices are skipped")
	fs.StringVar(&c.SMTPUser, "smtp-user", os.Getenv("MOTCUA_SMTP_USER"), "SMTP user name (AUTH PLAIN); empty: no authentication")
	fs.StringVar(&c.SMTPPassword, "smtp-password", os.Getenv("MOTCUA_SMTP_PASSWORD"), "SMTP password (prefer MOTCUA_SMTP_PASSWORD)")
	fs.StringVar(&c.SMTPFrom, "smtp-from", envOr("MOTCUA_SMTP_FROM", "Một cửa <noreply@motcua.invalid>"), "the notices' sender address")
	fs.StringVar(&c.SMTPTLS, "smtp-tls", envOr("MOTCUA_SMTP_TLS", "starttls"), "starttls (required), tls (implicit, port 465) or none (a local relay only)")
	fs.StringVar(&c.SMSURL, "sms-url", os.Getenv("MOTCUA_SMS_URL"), "SMS gateway URL (JSON POST); empty: SMS notices are skipped")
	fs.StringVar(&c.SMSToken, "sms-token", os.Getenv("MOTCUA_SMS_TOKEN"), "the gateway's bearer token (prefer MOTCUA_SMS_TOKEN)")
	fs.StringVar(&c.PublicURL, "public-url", os.Getenv("MOTCUA_PUBLIC_URL"), "the site's address as applicants reach it, for tracking links (default: http:// and the listen address)")
}

// senders are the configured channels; a channel left out has its notices skipped.
func (c *noticeConfig) senders() (map[notice.Channel]deliver.Sender, error) {
	out := map[notice.Channel]deliver.Sender{}
	if c.SMTPAddr != "" {
		sec, err := smtp.ParseSecurity(c.SMTPTLS)
		if err != nil {
			return nil, err
		}
		m, err := smtp.New(c.SMTPAddr, c.SMTPUser, c.SMTPPassword, c.SMTPFrom, sec)
		if err != nil {
			return nil, err
		}
		out[notice.Email] = m
	}
	if c.SMSURL != "" {
		g, err := sms.New(c.SMSURL, c.SMSToken)
		if err != nil {
			return nil, err
		}
		out[notice.SMS] = g
	}
	if c.SMTPPassword != "" && c.SMTPUser == "" {
		return nil, errors.New("--smtp-password needs --smtp-user")
	}
	return out, nil
}

// publicURL is --public-url, or the address the server listens on.
func (c *noticeConfig) publicURL(listen string) string {
	if c.PublicURL != "" {
		return strings.TrimRight(c.PublicURL, "/")
	}
	return listen
}

// startDemoMail starts the demo's mail sink on loopback: every notice lands as an .eml file in
// the mail folder next to the database. It stops when ctx ends.
func startDemoMail(ctx context.Context, dsn string, log *slog.Logger) (*noticeConfig, string, error) {
	dir := filepath.Join("motcua-data", "mail")
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		dir = filepath.Join(filepath.Dir(path), "mail")
	}
	srv, err := testsmtp.Start(testsmtp.Options{Dir: dir, Logf: func(format string, args ...any) {
		log.Info("demo mail", "msg", fmt.Sprintf(format, args...))
	}})
	if err != nil {
		return nil, "", err
	}
	context.AfterFunc(ctx, func() { srv.Close() })
	return &noticeConfig{SMTPAddr: srv.Addr(), SMTPFrom: "Một cửa (demo) <noreply@motcua.demo>", SMTPTLS: string(smtp.None)}, dir, nil
}

// noticeInterval is how often the worker looks for due notices.
const noticeInterval = 10 * time.Second

// startNotices starts the delivery worker; it stops when ctx ends.
func startNotices(ctx context.Context, st *store.Store, senders map[notice.Channel]deliver.Sender, publicURL string, log *slog.Logger) {
	w := &deliver.Worker{Store: st, Senders: senders, PublicURL: publicURL, Log: log}
	go w.Run(ctx, noticeInterval)
}
