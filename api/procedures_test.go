package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// The catalog list pages like the dossier lists: every procedure once over the pages, total over
// all of them, and a bad limit is a 422 on the field.
func TestProceduresArePaged(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			testdb.Seed(t, st)
			base, err := st.Procedure(ctx, testdb.ProcCode)
			if err != nil {
				t.Fatal(err)
			}
			var more []catalog.Procedure
			for i := 0; i < 6; i++ {
				p := base
				p.Code, p.Name = fmt.Sprintf("9.%06d", i), fmt.Sprintf("Thủ tục thử %d", i)
				more = append(more, p)
			}
			if _, err := st.PutProcedures(ctx, more); err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(api.New(st, slog.New(slog.NewTextHandler(io.Discard, nil))))
			defer srv.Close()
			seen := map[string]bool{}
			cursor, pages := "", 0
			for {
				resp, err := http.Get(srv.URL + "/api/v1/procedures?limit=3&cursor=" + cursor)
				if err != nil {
					t.Fatal(err)
				}
				var page struct {
					Items []struct {
						Code string `json:"code"`
					} `json:"items"`
					Total      int    `json:"total"`
					NextCursor string `json:"next_cursor"`
				}
				err = json.NewDecoder(resp.Body).Decode(&page)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || page.Total != 7 || len(page.Items) > 3 {
					t.Fatalf("page %d: %d total %d items %d (%v)", pages, resp.StatusCode, page.Total, len(page.Items), err)
				}
				for _, it := range page.Items {
					if seen[it.Code] {
						t.Fatalf("%s on two pages", it.Code)
					}
					seen[it.Code] = true
				}
				pages++
				if cursor = page.NextCursor; cursor == "" {
					break
				}
			}
			if len(seen) != 7 || pages != 3 {
				t.Fatalf("%d procedures over %d pages, want 7 over 3", len(seen), pages)
			}
			resp, err := http.Get(srv.URL + "/api/v1/procedures?limit=501")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("limit 501: %d", resp.StatusCode)
			}
		})
	}
}

func TestErrorLanguageFollowsQValues(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for header, wantEnglish := range map[string]bool{
			"":                   false,
			"en":                 true,
			"en-US,en;q=0.9":     true,
			"vi;q=0.1, en;q=0.9": true,
			"en;q=0.5, vi":       false,
			"vi-VN, en;q=0.8":    false,
			"fr, en;q=0.3":       true,
			"en;q=0":             false,
			"de":                 false,
			"en;q=0.5, vi;q=0.5": false,
		} {
			_, body := e.call("GET", "/api/v1/procedures/NO.SUCH", "", nil, "Accept-Language", header)
			msg, _ := body["error"].(map[string]any)["message"].(string)
			if gotEnglish := msg == "Unknown procedure." || msg == "Not found."; gotEnglish != wantEnglish {
				t.Errorf("Accept-Language %q: message %q", header, msg)
			}
		}
	})
}

// A bare date where new_due wants an instant is a 422 on that field, not unreadable JSON.
func TestNewDueMustBeAnInstant(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		code, d := e.call("POST", "/api/v1/dossiers", "intake", map[string]any{
			"procedure_code": testdb.ProcCode, "unit_code": testdb.Dept, "channel": "counter",
			"applicant": map[string]any{"name": "Đỗ Văn Hẹn"}})
		if code != 201 {
			t.Fatalf("create: %d %v", code, d)
		}
		code, body := e.call("POST", "/api/v1/dossiers/"+d["code"].(string)+"/actions", "leader",
			`{"action":"reschedule","version":1,"reason":"Cần xác minh","new_due":"2026-12-30"}`)
		errBody, _ := body["error"].(map[string]any)
		fields, _ := errBody["fields"].(map[string]any)
		if code != 422 || errBody["code"] != "invalid_time" || fields["new_due"] == nil {
			t.Fatalf("bare date: %d %v", code, body)
		}
	})
}
