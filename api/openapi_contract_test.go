package api_test

// The OpenAPI document served at /api/v1/openapi.json against the answers the server really
// gives: every documented operation's response, success and error, is checked against the JSON
// Schema the document gives for that status (required keys, types, enums, nullability, no
// undocumented keys, date-times in +07:00), and the request bodies against their schemas.

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/internal/testdb"
)

// oaDoc is a loaded OpenAPI document.
type oaDoc map[string]any

func (d oaDoc) ref(s map[string]any) map[string]any {
	for i := 0; i < 10; i++ {
		r, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var cur any = map[string]any(d)
		for _, k := range strings.Split(strings.TrimPrefix(r, "#/"), "/") {
			cur = cur.(map[string]any)[k]
		}
		s = cur.(map[string]any)
	}
	return s
}

// responseSchema is the schema the document gives for an operation's answer with status code.
func (d oaDoc) responseSchema(method, path string, status int) (map[string]any, bool) {
	op, _ := d["paths"].(map[string]any)[path].(map[string]any)[method].(map[string]any)
	if op == nil {
		return nil, false
	}
	r, _ := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
	if r == nil {
		return nil, false
	}
	r = d.ref(r)
	s, _ := r["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	return s, s != nil
}

// check validates v against schema s and returns the problems found, each prefixed by where.
func (d oaDoc) check(where string, s map[string]any, v any) []string {
	s = d.ref(s)
	if v == nil {
		if s["nullable"] == true || s["type"] == nil {
			return nil
		}
		return []string{where + ": null, not nullable"}
	}
	var out []string
	bad := func(format string, args ...any) { out = append(out, where+": "+fmt.Sprintf(format, args...)) }
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		bad("%v not in enum %v", v, enum)
	}
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			bad("%T, want an object", v)
			return out
		}
		props, _ := s["properties"].(map[string]any)
		required, _ := s["required"].([]any)
		for _, r := range required {
			if _, ok := m[r.(string)]; !ok {
				bad("required key %q missing", r)
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k].(map[string]any); ok {
				out = append(out, d.check(where+"."+k, p, m[k])...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case map[string]any:
				out = append(out, d.check(where+"."+k, ap, m[k])...)
			case bool:
				if !ap {
					bad("key %q is not allowed", k)
				}
			default:
				if len(props) > 0 {
					bad("key %q is not documented", k)
				}
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			bad("%T, want an array", v)
			return out
		}
		items, _ := s["items"].(map[string]any)
		for i, x := range a {
			if items != nil {
				out = append(out, d.check(fmt.Sprintf("%s[%d]", where, i), items, x)...)
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			bad("%T, want a string", v)
			return out
		}
		if s["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339, str); err != nil || !strings.HasSuffix(str, "+07:00") {
				bad("%q is not an RFC 3339 instant in +07:00", str)
			}
		}
	case "integer", "number":
		f, ok := v.(float64)
		if !ok {
			bad("%T, want a number", v)
			return out
		}
		if s["type"] == "integer" && f != math.Trunc(f) {
			bad("%v is not an integer", f)
		}
		if min, ok := s["minimum"].(float64); ok && f < min {
			bad("%v below the minimum %v", f, min)
		}
		if max, ok := s["maximum"].(float64); ok && f > max {
			bad("%v above the maximum %v", f, max)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("%T, want a boolean", v)
		}
	}
	return out
}

// TestOpenAPIDescribesTheAnswers drives the API through a dossier's life and every error status,
// and checks each answer against the schema the served document gives for it.
func TestOpenAPIDescribesTheAnswers(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		res, err := http.Get(e.srv.URL + "/api/v1/openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		var doc oaDoc
		if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
			t.Fatalf("the served document: %v", err)
		}
		res.Body.Close()

		// request sends a request and checks the answer against the documented schema.
		request := func(method, route, path, who string, body any, hdr ...string) (int, map[string]any) {
			t.Helper()
			var rd io.Reader
			switch b := body.(type) {
			case nil:
			case string:
				rd = strings.NewReader(b)
			default:
				buf, _ := json.Marshal(b)
				rd = strings.NewReader(string(buf))
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
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatalf("%s %s: not JSON: %q", method, path, raw)
			}
			s, ok := doc.responseSchema(strings.ToLower(method), route, res.StatusCode)
			if !ok {
				t.Errorf("%s %s answered %d, which the document does not describe", method, route, res.StatusCode)
			} else {
				for _, p := range doc.check(fmt.Sprintf("%s %s %d", method, route, res.StatusCode), s, v) {
					t.Error(p)
				}
			}
			m, _ := v.(map[string]any)
			return res.StatusCode, m
		}
		// The request bodies sent below are valid by the documented request schemas.
		bodySchema := func(method, route string) map[string]any {
			op := doc["paths"].(map[string]any)[route].(map[string]any)[method].(map[string]any)
			return op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		}
		asJSON := func(v any) any {
			b, _ := json.Marshal(v)
			var out any
			_ = json.Unmarshal(b, &out)
			return out
		}
		newBody := newOnline("Đinh Văn Lược Đồ")
		newBody["applicant"].(map[string]any)["email"] = "luoc.do@example.vn"
		for _, p := range doc.check("NewDossier", bodySchema("post", "/api/v1/dossiers"), asJSON(newBody)) {
			t.Errorf("request body: %s", p)
		}

		const dossiers, one, acts, pays = "/api/v1/dossiers", "/api/v1/dossiers/{code}", "/api/v1/dossiers/{code}/actions", "/api/v1/dossiers/{code}/payments"
		st, d := request("POST", dossiers, dossiers, "citizen", newBody)
		if st != 201 {
			t.Fatalf("create: %d %v", st, d)
		}
		code, secret := d["code"].(string), d["tracking_secret"].(string)
		version := d["version"]
		act := func(who, action string, extra map[string]any) {
			t.Helper()
			body := map[string]any{"action": action, "version": version, "note": "ghi chú"}
			for k, v := range extra {
				body[k] = v
			}
			for _, p := range doc.check("ActionRequest", bodySchema("post", acts), asJSON(body)) {
				t.Errorf("request body: %s", p)
			}
			st, d := request("POST", acts, "/api/v1/dossiers/"+code+"/actions", who, body)
			if st != 200 {
				t.Fatalf("%s by %s: %d %v", action, who, st, d)
			}
			version = d["version"]
		}
		act("intake", "receive", nil)
		act("intake", "forward", nil)
		act("officer", "request_supplement", map[string]any{"reason": "Thiếu tờ khai", "documents": []string{"Tờ khai"}})
		act("citizen", "supplement", nil)
		request("GET", pays, "/api/v1/dossiers/"+code+"/payments", "citizen", nil)
		act("officer", "request_payment", map[string]any{"amount": 200000})
		request("GET", pays, "/api/v1/dossiers/"+code+"/payments", "officer", nil)
		act("intake", "confirm_payment", nil)
		request("GET", pays, "/api/v1/dossiers/"+code+"/payments", "citizen", nil)
		act("officer", "transfer", map[string]any{"reason": "Xin ý kiến", "to_unit": testdb.Other})
		request("GET", one, "/api/v1/dossiers/"+code, "other.officer", nil)
		request("GET", "/api/v1/track/{code}", "/api/v1/track/"+code+"?secret="+secret, "", nil)
		act("leader", "reschedule", map[string]any{"reason": "Chờ ý kiến", "new_due": "2026-03-20T17:00:00+07:00"})
		request("GET", "/api/v1/inbox", "/api/v1/inbox", "other.officer", nil)
		request("GET", "/api/v1/inbox", "/api/v1/inbox", "manager", nil)
		request("GET", dossiers, dossiers+"?limit=1", "intake", nil)

		// Every status code the document lists for the actions endpoint, and the others'.
		for _, c := range []struct {
			method, route, path, who string
			body                     any
			status                   int
		}{
			{"POST", acts, "/api/v1/dossiers/" + code + "/actions", "intake", `{"action":`, 400},
			{"POST", acts, "/api/v1/dossiers/" + code + "/actions", "", map[string]any{"action": "forward", "version": version}, 401},
			{"POST", acts, "/api/v1/dossiers/" + code + "/actions", "clerk", map[string]any{"action": "stop", "version": version, "reason": "x"}, 403},
			{"POST", acts, "/api/v1/dossiers/" + code + "/actions", "citizen2", map[string]any{"action": "withdraw", "version": version, "reason": "x"}, 404},
			{"POST", acts, "/api/v1/dossiers/" + code + "/actions", "intake", map[string]any{"action": "receive", "version": version}, 409},
			{"POST", acts, "/api/v1/dossiers/" + code + "/actions", "intake", `{"note":"` + strings.Repeat("x", api.MaxBody) + `"}`, 413},
			{"POST", acts, "/api/v1/dossiers/" + code + "/actions", "leader", map[string]any{"action": "reschedule", "version": version, "reason": "x"}, 422},
			{"POST", dossiers, dossiers, "citizen", `{"x":1}`, 400},
			{"POST", dossiers, dossiers, "", newBody, 401},
			{"POST", dossiers, dossiers, "other.intake", map[string]any{"procedure_code": testdb.ProcCode, "unit_code": testdb.Dept, "channel": "counter", "applicant": map[string]any{"name": "A"}}, 403},
			{"POST", dossiers, dossiers, "citizen", map[string]any{"procedure_code": "9.999999", "unit_code": testdb.Dept, "channel": "online", "applicant": map[string]any{"name": "A"}}, 422},
			{"GET", dossiers, dossiers + "?status=0", "intake", nil, 422},
			{"GET", dossiers, dossiers, "", nil, 401},
			{"GET", one, "/api/v1/dossiers/" + code, "citizen2", nil, 404},
			{"GET", one, "/api/v1/dossiers/" + code, "", nil, 401},
			{"GET", pays, "/api/v1/dossiers/" + code + "/payments", "citizen2", nil, 404},
			{"GET", pays, "/api/v1/dossiers/" + code + "/payments", "", nil, 401},
			{"GET", "/api/v1/track/{code}", "/api/v1/track/" + code + "?secret=NOPE", "", nil, 404},
			{"GET", "/api/v1/track/{code}", "/api/v1/track/" + code, "", nil, 422},
			{"GET", "/api/v1/inbox", "/api/v1/inbox?limit=9999", "intake", nil, 422},
			{"GET", "/api/v1/procedures/{code}", "/api/v1/procedures/9.999999", "", nil, 404},
			{"GET", "/api/v1/me", "/api/v1/me", "", nil, 401},
		} {
			if st, m := request(c.method, c.route, c.path, c.who, c.body, "Accept-Language", "en"); st != c.status {
				t.Errorf("%s %s as %q: %d %v, want %d", c.method, c.path, c.who, st, m, c.status)
			}
		}
		for _, who := range []string{"intake", "citizen", "admin"} {
			request("GET", "/api/v1/me", "/api/v1/me", who, nil)
		}
		request("GET", "/healthz", "/healthz", "", nil)
		request("GET", "/api/v1/procedures", "/api/v1/procedures?q=ly+lich", "", nil)
		request("GET", "/api/v1/procedures/{code}", "/api/v1/procedures/"+testdb.ProcCode, "", nil)
		request("GET", "/api/v1/units", "/api/v1/units", "", nil)
	})
}
