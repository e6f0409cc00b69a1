package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCitizenSignOutEndsTheProviderSession checks RP-initiated logout: a citizen signing out of
// the site is sent to the provider's end-session endpoint and back to the site's home page, so
// that the next person at a shared computer is not signed straight back in. Officers, who sign
// in with a password, just leave.
func TestCitizenSignOutEndsTheProviderSession(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/ho-so")
		s.get(t, "/cong-dan/ho-so") // a page with the sign-out form: the CSRF cookie
		resp, _ := s.post(t, "/dang-xuat", url.Values{})
		loc := location(t, resp, http.StatusSeeOther)
		end, err := url.Parse(loc)
		if err != nil || !strings.HasPrefix(loc, p.URL+"/") || end.Query().Get("client_id") != p.ClientID ||
			end.Query().Get("post_logout_redirect_uri") != s.URL+"/" {
			t.Fatalf("sign-out sent the citizen to %q", loc)
		}
		resp, err = s.Client.Get(loc)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if back, _ := resp.Location(); resp.StatusCode/100 != 3 || back == nil || back.String() != s.URL+"/" {
			t.Fatalf("provider's end session: %d %v", resp.StatusCode, back)
		}
		resp, err = s.Client.Get(s.URL + "/cong-dan/ho-so")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Fatal("still signed in at the site after signing out")
		}

		office := s.officerAs(t, "intake")
		office.get(t, "/can-bo")
		resp, _ = office.post(t, "/dang-xuat", url.Values{})
		if loc := location(t, resp, http.StatusSeeOther); loc != "/" {
			t.Fatalf("an officer's sign-out went to %q", loc)
		}
	})
}
