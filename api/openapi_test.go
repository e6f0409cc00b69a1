package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// openapiRoutes are the routes registered in routes(), as OpenAPI paths.
var openapiRoutes = []struct{ method, path string }{
	{"get", "/healthz"},
	{"get", "/api/v1/openapi.json"},
	{"get", "/api/v1/track/{code}"},
	{"get", "/api/v1/procedures"},
	{"get", "/api/v1/procedures/{code}"},
	{"get", "/api/v1/units"},
	{"post", "/api/v1/dossiers"},
	{"get", "/api/v1/dossiers"},
	{"get", "/api/v1/dossiers/{code}"},
	{"post", "/api/v1/dossiers/{code}/actions"},
	{"get", "/api/v1/dossiers/{code}/slips/{kind}.pdf"},
	{"get", "/api/v1/dossiers/{code}/payments"},
	{"get", "/api/v1/dossiers/{code}/payments/{ref}/receipt.pdf"},
	{"post", "/api/v1/verify"},
	{"get", "/api/v1/stats/summary"},
	{"get", "/api/v1/stats/steps"},
	{"get", "/api/v1/stats/satisfaction"},
	{"get", "/api/v1/stats/index"},
	{"get", "/api/v1/stats/index.pdf"},
	{"get", "/api/v1/stats/index/ranking"},
	{"get", "/api/v1/stats/assessment"},
	{"put", "/api/v1/stats/assessment/entries"},
	{"get", "/api/v1/stats/trend"},
	{"get", "/api/v1/reports/{name}.xlsx"},
	{"get", "/api/v1/reports/{name}.csv"},
	{"get", "/api/v1/stats/digitisation"},
	{"get", "/api/v1/verify/{code}"},
	{"post", "/api/v1/dossiers/{code}/result"},
	{"get", "/api/v1/dossiers/{code}/result.pdf"},
	{"get", "/api/v1/inbox"},
	{"get", "/api/v1/me"},
}

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

func TestOpenAPIVersion(t *testing.T) {
	doc := loadOpenAPI(t)
	v, _ := doc["openapi"].(string)
	if !strings.HasPrefix(v, "3.") {
		t.Fatalf("openapi = %q, want 3.x", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Error("info needs a title and a version")
	}
	schemes, _ := dig(doc, "components", "securitySchemes", "bearerAuth").(map[string]any)
	if schemes["type"] != "http" || schemes["scheme"] != "bearer" {
		t.Errorf("bearerAuth security scheme = %v, want http bearer", schemes)
	}
}

func TestOpenAPIRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	paths, _ := doc["paths"].(map[string]any)
	for _, r := range openapiRoutes {
		item, _ := paths[r.path].(map[string]any)
		if item == nil {
			t.Errorf("path %s is missing", r.path)
			continue
		}
		o, _ := item[r.method].(map[string]any)
		if o == nil {
			t.Errorf("%s %s is missing", strings.ToUpper(r.method), r.path)
			continue
		}
		responses, _ := o["responses"].(map[string]any)
		if len(responses) == 0 {
			t.Errorf("%s %s documents no response", strings.ToUpper(r.method), r.path)
		}
		if !hasParam(doc, o, "header", "Accept-Language") {
			t.Errorf("%s %s lacks the Accept-Language header parameter", strings.ToUpper(r.method), r.path)
		}
		if strings.Contains(r.path, "{code}") && !hasParam(doc, o, "path", "code") {
			t.Errorf("%s %s lacks the code path parameter", strings.ToUpper(r.method), r.path)
		}
	}
	// Documented paths the server does not serve would mislead clients.
	for p, item := range paths {
		for m := range item.(map[string]any) {
			found := false
			for _, r := range openapiRoutes {
				found = found || (r.path == p && r.method == m)
			}
			if !found && m != "parameters" {
				t.Errorf("%s %s is documented but not registered", strings.ToUpper(m), p)
			}
		}
	}
}

// TestOpenAPIResponses checks the error statuses the handlers can give.
func TestOpenAPIResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	want := map[string][]string{
		"post /api/v1/dossiers":                        {"201", "400", "401", "403", "413", "422"},
		"get /api/v1/dossiers":                         {"200", "401", "422"},
		"get /api/v1/dossiers/{code}":                  {"200", "401", "404"},
		"get /api/v1/dossiers/{code}/payments":         {"200", "401", "404"},
		"post /api/v1/verify":                          {"200", "413", "422"},
		"get /api/v1/verify/{code}":                    {"200", "404"},
		"post /api/v1/dossiers/{code}/result":          {"201", "401", "403", "404", "409", "413", "422"},
		"get /api/v1/dossiers/{code}/result.pdf":       {"200", "401", "404"},
		"post /api/v1/dossiers/{code}/actions":         {"200", "400", "401", "403", "404", "409", "413", "422"},
		"get /api/v1/dossiers/{code}/slips/{kind}.pdf": {"200", "401", "404", "409"},
		"get /api/v1/track/{code}":                     {"200", "404", "422"},
		"get /api/v1/procedures/{code}":                {"200", "404"},
		"get /api/v1/inbox":                            {"200", "401", "422"},
		"get /api/v1/me":                               {"200", "401"},
	}
	want["get /api/v1/stats/digitisation"] = []string{"200", "401", "403", "422"}
	want["get /api/v1/stats/summary"] = []string{"200", "401", "403", "422"}
	want["get /api/v1/stats/steps"] = []string{"200", "401", "403", "422"}
	want["get /api/v1/stats/satisfaction"] = []string{"200", "401", "403", "422"}
	want["get /api/v1/stats/index"] = []string{"200", "401", "403", "422"}
	want["get /api/v1/stats/index/ranking"] = []string{"200", "401", "403", "422"}
	want["get /api/v1/stats/trend"] = []string{"200", "401", "403", "422"}
	want["get /api/v1/reports/{name}.xlsx"] = []string{"200", "401", "403", "404", "422"}
	want["get /api/v1/reports/{name}.csv"] = []string{"200", "401", "403", "404", "422"}
	want["get /api/v1/dossiers/{code}/payments/{ref}/receipt.pdf"] = []string{"200", "401", "404", "409"}
	for key, codes := range want {
		method, path, _ := strings.Cut(key, " ")
		responses, _ := dig(doc, "paths", path, method, "responses").(map[string]any)
		for _, c := range codes {
			if responses[c] == nil {
				t.Errorf("%s: response %s is not documented", key, c)
			}
		}
	}
	for _, key := range []string{"post /api/v1/dossiers", "post /api/v1/dossiers/{code}/actions"} {
		method, path, _ := strings.Cut(key, " ")
		desc, _ := dig(doc, "paths", path, method, "description").(string)
		if !strings.Contains(desc, "1 MiB") {
			t.Errorf("%s: the description does not mention the 1 MiB body limit", key)
		}
	}
	desc, _ := dig(doc, "components", "responses", "PayloadTooLarge", "description").(string)
	if !strings.Contains(desc, "1048576") || MaxBody != 1048576 {
		t.Errorf("the 413 response should state MaxBody (%d bytes): %q", MaxBody, desc)
	}
}

// TestOpenAPIRefs checks that every $ref points at an existing entry of the document.
func TestOpenAPIRefs(t *testing.T) {
	doc := loadOpenAPI(t)
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				if k == "$ref" {
					s, _ := y.(string)
					refs = append(refs, s)
					continue
				}
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(doc)
	if len(refs) == 0 {
		t.Fatal("the document has no $ref at all")
	}
	for _, r := range refs {
		p, ok := strings.CutPrefix(r, "#/components/")
		if !ok {
			t.Errorf("$ref %q does not point into components", r)
			continue
		}
		keys := strings.Split(p, "/")
		if len(keys) != 2 {
			t.Errorf("$ref %q is not #/components/{kind}/{name}", r)
			continue
		}
		if dig(doc, "components", keys[0], keys[1]) == nil {
			t.Errorf("$ref %q does not resolve", r)
		}
	}
}

func TestOpenAPISchemas(t *testing.T) {
	doc := loadOpenAPI(t)
	for _, name := range []string{"Error", "NewDossier", "Applicant", "ActionRequest", "Dossier", "DossierPage",
		"Procedure", "Unit", "User"} {
		if dig(doc, "components", "schemas", name) == nil {
			t.Errorf("schema %s is missing", name)
		}
	}
	props := func(name string) map[string]any {
		p, _ := dig(doc, "components", "schemas", name, "properties").(map[string]any)
		return p
	}
	dossier := props("Dossier")
	for _, f := range []string{"code", "status", "status_name", "version", "procedure_code", "unit_code",
		"competent_unit_code", "channel", "applicant", "received_at", "due_at", "finished_at", "timeliness",
		"reschedules", "step", "history"} {
		if dossier[f] == nil {
			t.Errorf("Dossier schema lacks %s", f)
		}
	}
	if got := enumOf(doc, dig(doc, "components", "schemas", "Dossier", "properties", "timeliness")); !sameSet(got,
		"early", "on_time", "late", "within", "overdue") {
		t.Errorf("Dossier.timeliness enum = %v", got)
	}
	if got := enumOf(doc, dossier["channel"]); !sameSet(got, "online", "counter", "post") {
		t.Errorf("Dossier.channel enum = %v", got)
	}
	status := resolve(doc, dossier["status"])
	if status["minimum"] != 1.0 || status["maximum"] != 10.0 {
		t.Errorf("Dossier.status = %v, want 1–10", status)
	}
	if page := props("DossierPage"); page["items"] == nil || page["total"] == nil || page["next_cursor"] == nil {
		t.Errorf("DossierPage properties = %v", page)
	}
	errProps, _ := dig(doc, "components", "schemas", "Error", "properties", "error", "properties").(map[string]any)
	for _, f := range []string{"code", "message", "fields"} {
		if errProps[f] == nil {
			t.Errorf("Error.error lacks %s", f)
		}
	}
	action := props("ActionRequest")
	actions := []string{"receive", "refuse", "request_supplement", "supplement", "forward", "send_back",
		"request_payment", "confirm_payment", "reschedule", "transfer", "transfer_return", "withdraw", "stop", "return_result"}
	if got := enumOf(doc, action["action"]); !sameSet(got, actions...) {
		t.Errorf("ActionRequest.action enum = %v", got)
	}
	if got := enumOf(doc, action["how"]); !sameSet(got, "counter", "online", "post") {
		t.Errorf("ActionRequest.how enum = %v", got)
	}
	if req, _ := dig(doc, "components", "schemas", "ActionRequest", "required").([]any); !slices.Contains(req, any("version")) {
		t.Errorf("ActionRequest.required = %v, want version in it", req)
	}
	if got := enumOf(doc, dig(doc, "components", "schemas", "Duration", "properties", "unit")); !sameSet(got,
		"working_day", "working_hour", "calendar_day") {
		t.Errorf("Duration.unit enum = %v", got)
	}
	if props("Procedure")["unit_codes"] == nil || props("Procedure")["channels"] == nil {
		t.Error("Procedure lacks unit_codes or channels")
	}
}

// TestOpenAPIServed checks that the server answers the embedded document as JSON.
func TestOpenAPIServed(t *testing.T) {
	s := &Server{}
	rec := httptest.NewRecorder()
	s.openapi(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !json.Valid(rec.Body.Bytes()) {
		t.Fatal("the served document is not JSON")
	}
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// resolve follows a $ref into components, once.
func resolve(doc map[string]any, v any) map[string]any {
	m, _ := v.(map[string]any)
	if r, ok := m["$ref"].(string); ok {
		p, _ := strings.CutPrefix(r, "#/")
		m, _ = dig(doc, strings.Split(p, "/")...).(map[string]any)
	}
	return m
}

func enumOf(doc map[string]any, v any) []string {
	var out []string
	list, _ := resolve(doc, v)["enum"].([]any)
	for _, e := range list {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

func sameSet(got []string, want ...string) bool {
	return len(got) == len(want) && !slices.ContainsFunc(want, func(w string) bool { return !slices.Contains(got, w) })
}

func hasParam(doc map[string]any, op map[string]any, in, name string) bool {
	list, _ := op["parameters"].([]any)
	for _, p := range list {
		m := resolve(doc, p)
		n, _ := m["name"].(string)
		if m["in"] == in && strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}
