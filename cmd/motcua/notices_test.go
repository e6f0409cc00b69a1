package main

import (
	"io"
	"testing"

	"github.com/motcua/motcua/deliver/sms"
	"github.com/motcua/motcua/deliver/smtp"
	"github.com/motcua/motcua/notice"
)

func TestNoticeFlags(t *testing.T) {
	t.Setenv("MOTCUA_SMTP_PASSWORD", "mat-khau")
	t.Setenv("MOTCUA_PUBLIC_URL", "")
	var c config
	var nc noticeConfig
	fs := newFlags("serve", &c, io.Discard)
	addNoticeFlags(fs, &nc)
	if err := fs.Parse([]string{"--smtp-addr", "mail.example.vn:587", "--smtp-user", "motcua", "--smtp-from", "Một cửa <noreply@example.vn>",
		"--sms-url", "https://sms.example.vn/send", "--sms-token", "t"}); err != nil {
		t.Fatal(err)
	}
	senders, err := nc.senders()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := senders[notice.Email].(*smtp.Mailer)
	if !ok || m.Password != "mat-khau" || m.Security != smtp.StartTLS || m.From.Address != "noreply@example.vn" {
		t.Fatalf("mailer: %+v", senders[notice.Email])
	}
	if g, ok := senders[notice.SMS].(*sms.Gateway); !ok || g.Token != "t" {
		t.Fatalf("gateway: %+v", senders[notice.SMS])
	}
	if got := nc.publicURL("http://127.0.0.1:8080"); got != "http://127.0.0.1:8080" {
		t.Fatalf("default public URL %q", got)
	}
	nc.PublicURL = "https://dichvucong.example.vn/"
	if got := nc.publicURL("http://127.0.0.1:8080"); got != "https://dichvucong.example.vn" {
		t.Fatalf("public URL %q", got)
	}
	for _, bad := range []noticeConfig{
		{SMTPAddr: "mail.example.vn", SMTPFrom: "a@b.vn"},
		{SMTPAddr: "mail.example.vn:25", SMTPFrom: "not an address"},
		{SMTPAddr: "mail.example.vn:25", SMTPFrom: "a@b.vn", SMTPTLS: "ssl3"},
		{SMSURL: "ftp://sms.example.vn"},
		{SMTPPassword: "x"},
	} {
		if _, err := bad.senders(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if s, err := (&noticeConfig{}).senders(); err != nil || len(s) != 0 {
		t.Fatalf("nothing configured: %v %v", s, err)
	}
}
