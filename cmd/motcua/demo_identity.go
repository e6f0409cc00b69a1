package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/demo"
	"github.com/motcua/motcua/internal/devidp"
	"github.com/motcua/motcua/web"
	"github.com/zitadel/oidc/v3/example/server/storage"
)

// startDemoIdentity starts the demo's own OpenID Connect provider — standing in for VNeID — on a
// loopback port, knowing the demo citizens (password demo.Password), and returns the site's
// options for it. The site at siteURL may be browsed as 127.0.0.1 or localhost: both are
// registered.
func startDemoIdentity(ctx context.Context, siteURL string, log *slog.Logger) (web.OIDCOptions, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return web.OIDCOptions{}, "", err
	}
	issuer := "http://" + ln.Addr().String()
	var people []devidp.Person
	for _, c := range demo.Citizens() {
		family, given, _ := strings.Cut(c.FullName, " ") // the provider writes given after family
		people = append(people, devidp.Person{User: storage.User{ID: "vneid-" + c.IDNumber, Username: c.Username,
			Password: demo.Password, FirstName: family, LastName: given}, CCCD: c.IDNumber})
	}
	var key [32]byte
	secret := make([]byte, 16)
	if _, err := rand.Read(key[:]); err != nil {
		return web.OIDCOptions{}, "", err
	}
	_, _ = rand.Read(secret)
	p := devidp.New(issuer, people, "motcua-demo", hex.EncodeToString(secret), key)
	p.Hint = "Tài khoản thử / demo accounts: " + demoCitizenNames() + " — mật khẩu / password " + demo.Password +
		" (congdan.000 có nhiều hồ sơ / has many dossiers)"
	var redirects, homes []string
	for _, base := range []string{siteURL, strings.Replace(siteURL, "127.0.0.1", "localhost", 1)} {
		redirects = append(redirects, base+"/dang-nhap/cong-dan/callback")
		homes = append(homes, base+"/")
	}
	h, err := p.Handler(redirects, homes)
	if err != nil {
		return web.OIDCOptions{}, "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("demo identity provider", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return web.OIDCOptions{Issuer: issuer, ClientID: p.ClientID, ClientSecret: p.Secret, Scopes: []string{"profile"},
		IDClaim: "cccd", NameClaim: "name", ProviderName: "VNeID (thử nghiệm)"}, issuer, nil
}

func demoCitizenNames() string {
	var names []string
	for _, c := range demo.Citizens() {
		names = append(names, c.Username)
	}
	return strings.Join(names, ", ")
}
