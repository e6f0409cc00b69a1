package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/internal/testidp"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/web"
)

// The citizens' identity provider is a real OpenID Connect provider on loopback with its own
// login page (internal/testidp); the browser goes through it the way a citizen does.

// The provider user who is the fixture's "citizen".
var (
	idpCitizen         = testidp.People[0].Username
	idpCitizenPassword = testidp.People[0].Password
)

// journeySites is fixtureSites with citizen sign-in through the test provider, and a counter
// ("Quầy 1") at the fixture's department for the kiosk.
func journeySites(t *testing.T) []*site {
	t.Helper()
	var out []*site
	for _, db := range testdb.All(t) {
		s := &site{Name: db.Name, now: testdb.At(9, 0)}
		st := openStore(t, db.DSN, s)
		s.F = testdb.Seed(t, st)
		if err := st.PutUnits(context.Background(), []org.Unit{{Code: testdb.Dept, Name: "Sở Tư pháp", ParentCode: testdb.Province,
			Level: 2, Counters: []string{journeyCounter}}}); err != nil {
			t.Fatal(err)
		}
		var swap testidp.Swap
		srv := httptest.NewServer(&swap)
		t.Cleanup(srv.Close)
		redirect := srv.URL + "/dang-nhap/cong-dan/callback"
		p, register := testidp.Start(t, testidp.People[:1])
		register(redirect)
		root, err := web.RootWithOptions(st, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{OIDC: web.OIDCOptions{
			Issuer: p.URL, ClientID: p.ClientID, ClientSecret: p.Secret, RedirectURL: redirect, Scopes: []string{"profile"}, ProviderName: "Test VNeID"}})
		if err != nil {
			t.Fatal(err)
		}
		swap.Set(root)
		s.URL = srv.URL
		out = append(out, s)
	}
	return out
}

// journeyCounter is the counter whose kiosk the citizen rates on.
const journeyCounter = "Quầy 1"
