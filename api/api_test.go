package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

type env struct {
	t      *testing.T
	srv    *httptest.Server
	tokens map[string]string
	st     *store.Store // for what the API cannot do: a payment gateway's callback, the clock
}

// each runs fn against a real HTTP server on loopback over every configured database.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			st.SetClock(func() time.Time { return testdb.At(9, 0) })
			f := testdb.Seed(t, st)
			e := &env{t: t, tokens: map[string]string{}, st: st}
			for name, u := range f.Users {
				if e.tokens[name], err = st.NewToken(ctx, u.ID, 0); err != nil {
					t.Fatal(err)
				}
			}
			e.srv = httptest.NewServer(api.New(st, slog.New(slog.NewTextHandler(io.Discard, nil))))
			t.Cleanup(e.srv.Close)
			fn(t, e)
		})
	}
}

// call makes a request as a user ("" for none) and decodes the JSON answer into a map.
func (e *env) call(method, path, who string, body any, hdr ...string) (int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, _ := json.Marshal(b)
		rd = bytes.NewReader(buf)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &m); err != nil {
		e.t.Fatalf("%s %s: answer is not JSON: %q", method, path, raw)
	}
	return res.StatusCode, m
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func newOnline(name string) map[string]any {
	return map[string]any{"procedure_code": testdb.ProcCode, "unit_code": testdb.Dept, "channel": "online",
		"applicant": map[string]any{"name": name, "id_number": "001090000002", "type": 1}, "summary": "Xin cấp phiếu"}
}

func TestLifecycleOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		st, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Nguyễn Văn An"))
		if st != 201 {
			t.Fatalf("create: %d %v", st, d)
		}
		code := d["code"].(string)
		secret := d["tracking_secret"].(string)
		if d["status"].(float64) != 1 || d["status_name"] != "Mới đăng ký" || d["channel"] != "online" {
			t.Fatalf("created dossier: %v", d)
		}
		for _, s := range []struct{ who, action, want string }{
			{"intake", "receive", "2"}, {"intake", "forward", "4"}, {"officer", "forward", "4"},
			{"leader", "forward", "4"}, {"clerk", "forward", "9"}, {"intake", "return_result", "10"},
		} {
			body := map[string]any{"action": s.action, "version": d["version"], "how": "counter"}
			st, d = e.call("POST", "/api/v1/dossiers/"+code+"/actions", s.who, body)
			if st != 200 {
				t.Fatalf("%s: %d %v", s.action, st, d)
			}
			if got := d["status"].(float64); got != mustFloat(s.want) {
				t.Fatalf("%s: status %v, want %s", s.action, got, s.want)
			}
		}
		if d["timeliness"] != "early" || d["finished_at"] == nil || len(d["history"].([]any)) != 7 {
			t.Fatalf("returned dossier: timeliness %v finished %v history %d", d["timeliness"], d["finished_at"], len(d["history"].([]any)))
		}
		if due := d["due_at"].(string); !strings.HasSuffix(due, "+07:00") {
			t.Fatalf("due_at %q is not in +07:00", due)
		}
		st, tr := e.call("GET", "/api/v1/track/"+code+"?secret="+secret, "", nil)
		if st != 200 || tr["status"].(float64) != 10 || tr["applicant"] != nil {
			t.Fatalf("track: %d %v", st, tr)
		}
		if st, _ := e.call("GET", "/api/v1/track/"+code+"?secret=NOPE", "", nil); st != 404 {
			t.Fatalf("track with a wrong secret: %d", st)
		}
	})
}

func mustFloat(s string) float64 {
	var f float64
	_ = json.Unmarshal([]byte(s), &f)
	return f
}

func TestErrors(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		big := `{"summary":"` + strings.Repeat("x", api.MaxBody) + `"}`
		cases := []struct {
			name, method, path, who string
			body                    any
			status                  int
			code                    string
		}{
			{"no token", "GET", "/api/v1/inbox", "", nil, 401, "unauthorized"},
			{"malformed JSON", "POST", "/api/v1/dossiers", "citizen", `{"procedure_code":`, 400, "bad_json"},
			{"unknown field", "POST", "/api/v1/dossiers", "citizen", `{"nope":1}`, 400, "bad_json"},
			{"too large", "POST", "/api/v1/dossiers", "citizen", big, 413, "body_too_large"},
			{"unknown procedure", "POST", "/api/v1/dossiers", "citizen", map[string]any{"procedure_code": "9.9", "unit_code": testdb.Dept, "channel": "online", "applicant": map[string]any{"name": "A"}}, 422, "unknown_procedure"},
			{"unknown unit", "POST", "/api/v1/dossiers", "citizen", map[string]any{"procedure_code": testdb.ProcCode, "unit_code": "000.00.77.H62", "channel": "online", "applicant": map[string]any{"name": "A"}}, 422, "unknown_unit"},
			{"bad status filter", "GET", "/api/v1/dossiers?status=11", "intake", nil, 422, "invalid_status"},
			{"bad limit", "GET", "/api/v1/dossiers?limit=501", "intake", nil, 422, "invalid_limit"},
			{"unknown endpoint", "GET", "/api/v1/nothing", "", nil, 404, "not_found"},
		}
		for _, c := range cases {
			st, m := e.call(c.method, c.path, c.who, c.body)
			if st != c.status || errCode(m) != c.code {
				t.Errorf("%s: %d %v, want %d %s", c.name, st, m, c.status, c.code)
			}
			if msg := m["error"].(map[string]any)["message"].(string); msg == "" {
				t.Errorf("%s: empty message", c.name)
			}
		}
		_, vi := e.call("GET", "/api/v1/inbox", "", nil)
		_, en := e.call("GET", "/api/v1/inbox", "", nil, "Accept-Language", "en-US,en;q=0.9")
		if vi["error"].(map[string]any)["message"] == en["error"].(map[string]any)["message"] {
			t.Fatalf("English and Vietnamese messages are the same: %v", en)
		}
	})
}

// Every dossier endpoint answers 404 to an officer of another unit and to another citizen, and
// 403 to an officer of the unit whose role may not act.
func TestAuthorisationOnEveryDossierEndpoint(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Trần Bình"))
		code := d["code"].(string)
		v := d["version"]
		for _, who := range []string{"other.intake", "other.officer", "citizen2", "admin"} {
			if st, m := e.call("GET", "/api/v1/dossiers/"+code, who, nil); st != 404 {
				t.Errorf("GET as %s: %d %v", who, st, m)
			}
			if st, m := e.call("POST", "/api/v1/dossiers/"+code+"/actions", who, map[string]any{"action": "receive", "version": v}); st != 404 {
				t.Errorf("act as %s: %d %v", who, st, m)
			}
			if _, m := e.call("GET", "/api/v1/dossiers", who, nil); m["total"].(float64) != 0 {
				t.Errorf("list as %s shows %v", who, m["total"])
			}
			if _, m := e.call("GET", "/api/v1/inbox", who, nil); m["total"].(float64) != 0 {
				t.Errorf("inbox as %s shows %v", who, m["total"])
			}
		}
		if st, m := e.call("POST", "/api/v1/dossiers/"+code+"/actions", "clerk", map[string]any{"action": "receive", "version": v}); st != 403 {
			t.Errorf("receive as clerk: %d %v", st, m)
		}
		if st, m := e.call("POST", "/api/v1/dossiers/"+code+"/actions", "intake", map[string]any{"action": "forward", "version": v}); st != 409 {
			t.Errorf("forward in status 1: %d %v", st, m)
		}
	})
}

func TestPublicCatalog(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		st, m := e.call("GET", "/api/v1/procedures?q=ly%20lich%20tu%20phap", "", nil)
		if st != 200 || m["total"].(float64) != 1 {
			t.Fatalf("search without diacritics: %d %v", st, m)
		}
		st, p := e.call("GET", "/api/v1/procedures/"+testdb.ProcCode, "", nil)
		if st != 200 || len(p["unit_codes"].([]any)) != 2 {
			t.Fatalf("procedure: %d %v", st, p)
		}
		st, u := e.call("GET", "/api/v1/units", "", nil)
		if st != 200 || u["total"].(float64) != 4 {
			t.Fatalf("units: %d %v", st, u)
		}
		if st, _ := e.call("GET", "/healthz", "", nil); st != 200 {
			t.Fatalf("healthz: %d", st)
		}
	})
}
