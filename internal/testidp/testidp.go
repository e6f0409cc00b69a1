// Package testidp runs the development OpenID Connect provider (internal/devidp) for tests, on
// loopback, standing in for VNeID. The site talks to it over HTTP — discovery, the authorization
// endpoint, its own login page, the token endpoint with PKCE, the keys, userinfo, end session.
// Nothing is mocked. The web tests and the browser tests share it.
package testidp

import (
	"crypto/sha256"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/devidp"
	"github.com/zitadel/oidc/v3/example/server/storage"
)

type (
	// Person is a user of the provider, who vouches for their ID number (CCCD) in a "cccd" claim.
	Person = devidp.Person
	// Provider is a running provider with one client, ClientID/Secret.
	Provider = devidp.Provider
	// Swap is a handler set after its server has started.
	Swap = devidp.Swap
)

// People are the provider's users. "an" is the fixture citizen (internal/testdb: the ID number
// of their account is 0010citizen).
var People = []Person{
	{User: storage.User{ID: "sub-an", Username: "an", Password: "mat-khau-an", FirstName: "Văn An", LastName: "Nguyễn"}, CCCD: "0010citizen"},
	{User: storage.User{ID: "sub-binh", Username: "binh", Password: "mat-khau-binh", FirstName: "Thị Bình", LastName: "Trần"}, CCCD: "001099012345"},
	{User: storage.User{ID: "sub-cuong", Username: "cuong", Password: "mat-khau-cuong", FirstName: "Cường", LastName: "Lê"}, CCCD: "001099054321", OnlyInfo: true},
	{User: storage.User{ID: "0010citizen2", Username: "dung", Password: "mat-khau-dung", FirstName: "Dũng", LastName: "Phạm"}, NoIDNumbers: true},
	{User: storage.User{ID: "sub-officer", Username: "officer", Password: "mat-khau-officer", FirstName: "Cán", LastName: "Bộ"}, CCCD: "001088000001"},
}

// Start starts the provider for people on loopback; register tells it the site's callback URL
// once the site's server is up, and must be called before the first sign-in. The site's home
// page (the callback's origin) is registered as the address to come back to after signing out.
func Start(t testing.TB, people []Person) (p *Provider, register func(redirect string)) {
	t.Helper()
	var swap Swap
	srv := httptest.NewServer(&swap)
	t.Cleanup(srv.Close)
	p = devidp.New(srv.URL, people, "motcua", "bi-mat-cua-motcua", sha256.Sum256([]byte("test key")))
	register = func(redirect string) {
		home := redirect
		if i := strings.Index(redirect, "/dang-nhap/"); i > 0 {
			home = redirect[:i] + "/"
		}
		h, err := p.Handler([]string{redirect}, []string{home})
		if err != nil {
			t.Fatal(err)
		}
		swap.Set(h)
	}
	return p, register
}
