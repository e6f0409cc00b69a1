package api_test

// Contract tests of the JSON API against issue 2 (§6 and §8): the action table row by row over
// HTTP (who may act, the new status, 403/409 and nothing changing on refusal), the exact JSON
// shapes (dossier, list, error), English messages, Vietnam-time instants, public tracking without
// personal data and unit_codes on procedures.

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/internal/testdb"
)

// contractStatusNames are the national status names (DOMAIN.md §4).
var contractStatusNames = map[int]string{
	1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
	5: "Yêu cầu bổ sung giấy tờ", 6: "Yêu cầu thực hiện nghĩa vụ tài chính", 7: "Công dân yêu cầu rút hồ sơ",
	8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}

// vnInstant is an RFC 3339 instant with the +07:00 offset.
var vnInstant = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$`)

// contractStep is one action of the way to a state: who takes it.
type contractStep struct{ who, action string }

// contractPaths lead a fresh online dossier (submitted by "citizen" at testdb.Dept) to a state.
var contractPaths = map[string][]contractStep{
	"1":                 nil,
	"2":                 {{"intake", "receive"}},
	"3":                 {{"intake", "refuse"}},
	"4 appraise":        {{"intake", "receive"}, {"intake", "forward"}},
	"4 approve":         {{"intake", "receive"}, {"intake", "forward"}, {"officer", "forward"}},
	"4 stamp":           {{"intake", "receive"}, {"intake", "forward"}, {"officer", "forward"}, {"leader", "forward"}},
	"4 transferred":     {{"intake", "receive"}, {"intake", "forward"}, {"officer", "transfer"}},
	"5 from 1":          {{"intake", "request_supplement"}},
	"5 from 2":          {{"intake", "receive"}, {"intake", "request_supplement"}},
	"5 from 4":          {{"intake", "receive"}, {"intake", "forward"}, {"officer", "request_supplement"}},
	"6 from 2":          {{"intake", "receive"}, {"intake", "request_payment"}},
	"6 from 4":          {{"intake", "receive"}, {"intake", "forward"}, {"officer", "request_payment"}},
	"7":                 {{"citizen", "withdraw"}},
	"8":                 {{"intake", "receive"}, {"leader", "stop"}},
	"9":                 {{"intake", "receive"}, {"intake", "forward"}, {"officer", "forward"}, {"leader", "forward"}, {"clerk", "forward"}},
	"10":                {{"intake", "receive"}, {"intake", "forward"}, {"officer", "forward"}, {"leader", "forward"}, {"clerk", "forward"}, {"intake", "return_result"}},
	"4 appraise resent": {{"intake", "receive"}, {"intake", "forward"}, {"officer", "forward"}, {"leader", "send_back"}},
}

// contractBody is an action request with every action field filled in, so that only the
// contract (status, role) decides the answer.
func contractBody(action string, version any) map[string]any {
	return map[string]any{"action": action, "version": version, "note": "ghi chú kiểm thử",
		"reason": "lý do kiểm thử", "new_due": "2026-03-31T17:00:00+07:00", "to_unit": testdb.Other,
		"amount": 100000, "how": "counter", "documents": []string{"Tờ khai"}, "result": "ý kiến"}
}

// drive creates an online dossier as "citizen" and takes it along path; it returns the dossier.
func (e *env) drive(t *testing.T, path string) map[string]any {
	t.Helper()
	steps, ok := contractPaths[path]
	if !ok {
		t.Fatalf("no path %q", path)
	}
	st, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Nguyễn Thị Hợp Đồng"))
	if st != 201 {
		t.Fatalf("create: %d %v", st, d)
	}
	code := d["code"].(string)
	for _, s := range steps {
		st, d = e.call("POST", "/api/v1/dossiers/"+code+"/actions", s.who, contractBody(s.action, d["version"]))
		if st != 200 {
			t.Fatalf("path %q: %s by %s: %d %v", path, s.action, s.who, st, d)
		}
	}
	// Read it back: the 201 answer to a creation carries no history.
	if st, d = e.call("GET", "/api/v1/dossiers/"+code, "citizen", nil); st != 200 {
		t.Fatalf("get %s: %d %v", code, st, d)
	}
	return d
}

// TestContractTableOverHTTP walks the §6 contract table row by row: for each action, every status
// it is allowed in with a role that may take it (the new status and step), a role that may not
// (403) and statuses it is not allowed in (409). Refusals change nothing.
func TestContractTableOverHTTP(t *testing.T) {
	type row struct {
		action, path, who string
		status            int    // HTTP status
		want              int    // dossier status after a 200
		step              string // step key after a 200 ("" not checked)
	}
	rows := []row{
		{"receive", "1", "intake", 200, 2, "receive"},
		{"receive", "1", "officer", 403, 0, ""},
		{"receive", "1", "manager", 403, 0, ""},
		{"receive", "1", "citizen", 403, 0, ""},
		{"receive", "2", "intake", 409, 0, ""},
		{"receive", "4 appraise", "intake", 409, 0, ""},

		{"refuse", "1", "intake", 200, 3, ""},
		{"refuse", "2", "intake", 200, 3, ""},
		{"refuse", "2", "leader", 403, 0, ""},
		{"refuse", "1", "citizen", 403, 0, ""},
		{"refuse", "4 appraise", "intake", 409, 0, ""},

		{"request_supplement", "1", "intake", 200, 5, ""},
		{"request_supplement", "2", "intake", 200, 5, ""},
		{"request_supplement", "4 appraise", "intake", 200, 5, ""},
		{"request_supplement", "4 appraise", "officer", 200, 5, "appraise"},
		{"request_supplement", "2", "officer", 403, 0, ""}, // a processing officer only in 4
		{"request_supplement", "4 appraise", "leader", 403, 0, ""},
		{"request_supplement", "4 appraise", "citizen", 403, 0, ""},
		{"request_supplement", "5 from 2", "intake", 409, 0, ""},
		{"request_supplement", "6 from 2", "intake", 409, 0, ""},
		{"request_supplement", "9", "intake", 409, 0, ""},

		{"supplement", "5 from 1", "citizen", 200, 1, ""},
		{"supplement", "5 from 2", "citizen", 200, 2, ""},
		{"supplement", "5 from 4", "citizen", 200, 4, "appraise"},
		{"supplement", "5 from 4", "intake", 200, 4, "appraise"},
		{"supplement", "5 from 4", "officer", 403, 0, ""},
		{"supplement", "5 from 2", "leader", 403, 0, ""},
		{"supplement", "4 appraise", "citizen", 409, 0, ""},
		{"supplement", "6 from 2", "intake", 409, 0, ""},

		{"forward", "2", "intake", 200, 4, "appraise"},
		{"forward", "2", "officer", 403, 0, ""},
		{"forward", "4 appraise", "officer", 200, 4, "approve"},
		{"forward", "4 appraise", "intake", 403, 0, ""},
		{"forward", "4 appraise", "leader", 403, 0, ""},
		{"forward", "4 approve", "leader", 200, 4, "stamp"},
		{"forward", "4 approve", "officer", 403, 0, ""},
		{"forward", "4 stamp", "clerk", 200, 9, "return"},
		{"forward", "4 stamp", "leader", 403, 0, ""},
		{"forward", "4 appraise resent", "officer", 200, 4, "approve"},
		{"forward", "1", "intake", 409, 0, ""},
		{"forward", "5 from 4", "officer", 409, 0, ""},
		{"forward", "9", "intake", 409, 0, ""},
		{"forward", "4 transferred", "officer", 409, 0, ""},

		{"send_back", "4 approve", "leader", 200, 4, "appraise"},
		{"send_back", "4 stamp", "clerk", 200, 4, "approve"},
		{"send_back", "4 approve", "officer", 403, 0, ""},
		{"send_back", "4 stamp", "leader", 403, 0, ""},
		{"send_back", "2", "intake", 409, 0, ""},
		{"send_back", "9", "clerk", 409, 0, ""},

		{"request_payment", "2", "intake", 200, 6, ""},
		{"request_payment", "2", "officer", 200, 6, ""},
		{"request_payment", "4 appraise", "officer", 200, 6, "appraise"},
		{"request_payment", "4 appraise", "intake", 200, 6, "appraise"},
		{"request_payment", "4 appraise", "leader", 403, 0, ""},
		{"request_payment", "2", "citizen", 403, 0, ""},
		{"request_payment", "1", "intake", 409, 0, ""},
		{"request_payment", "5 from 2", "intake", 409, 0, ""},

		{"confirm_payment", "6 from 2", "intake", 200, 2, ""},
		{"confirm_payment", "6 from 4", "intake", 200, 4, "appraise"},
		{"confirm_payment", "6 from 4", "officer", 403, 0, ""},
		{"confirm_payment", "6 from 2", "citizen", 403, 0, ""},
		{"confirm_payment", "4 appraise", "intake", 409, 0, ""},

		{"reschedule", "2", "leader", 200, 2, ""},
		{"reschedule", "4 appraise", "leader", 200, 4, "appraise"},
		{"reschedule", "5 from 4", "leader", 200, 5, ""},
		{"reschedule", "6 from 4", "manager", 200, 6, ""},
		{"reschedule", "4 appraise", "manager", 200, 4, ""},
		{"reschedule", "4 appraise", "intake", 403, 0, ""},
		{"reschedule", "4 appraise", "officer", 403, 0, ""},
		{"reschedule", "1", "leader", 409, 0, ""},
		{"reschedule", "9", "leader", 409, 0, ""},

		{"transfer", "4 appraise", "officer", 200, 4, "appraise"},
		{"transfer", "4 appraise", "intake", 403, 0, ""},
		{"transfer", "4 appraise", "leader", 403, 0, ""},
		{"transfer", "2", "officer", 409, 0, ""},
		{"transfer", "4 transferred", "other.officer", 409, 0, ""},

		// The sending unit's officer and an intake officer of the other unit may not take it back.
		// (The allowed case, by a processing officer of the other unit, is in
		// TestContractTransferReturnAnswersTheOtherUnit.)
		{"transfer_return", "4 transferred", "officer", 403, 0, ""},
		{"transfer_return", "4 transferred", "other.intake", 403, 0, ""},
		{"transfer_return", "4 appraise", "officer", 409, 0, ""},

		{"withdraw", "1", "citizen", 200, 7, ""},
		{"withdraw", "2", "citizen", 200, 7, ""},
		{"withdraw", "4 appraise", "citizen", 200, 7, ""},
		{"withdraw", "5 from 4", "citizen", 200, 7, ""},
		{"withdraw", "6 from 4", "citizen", 200, 7, ""},
		{"withdraw", "4 appraise", "intake", 200, 7, ""},
		{"withdraw", "4 appraise", "officer", 403, 0, ""},
		{"withdraw", "2", "leader", 403, 0, ""},
		{"withdraw", "9", "citizen", 409, 0, ""},
		{"withdraw", "3", "citizen", 409, 0, ""},

		{"stop", "2", "leader", 200, 8, ""},
		{"stop", "4 appraise", "leader", 200, 8, ""},
		{"stop", "5 from 4", "leader", 200, 8, ""},
		{"stop", "6 from 4", "leader", 200, 8, ""},
		{"stop", "4 appraise", "manager", 403, 0, ""},
		{"stop", "4 appraise", "officer", 403, 0, ""},
		{"stop", "2", "intake", 403, 0, ""},
		{"stop", "1", "leader", 409, 0, ""},
		{"stop", "9", "leader", 409, 0, ""},

		{"return_result", "9", "intake", 200, 10, "return"},
		{"return_result", "9", "clerk", 403, 0, ""},
		{"return_result", "9", "citizen", 403, 0, ""},
		{"return_result", "4 stamp", "intake", 409, 0, ""},
		{"return_result", "10", "intake", 409, 0, ""},
	}
	// Closed statuses allow nothing: every action is 409 there, whoever asks.
	for _, path := range []string{"3", "7", "8", "10"} {
		for _, a := range []string{"receive", "refuse", "request_supplement", "supplement", "forward", "send_back",
			"request_payment", "confirm_payment", "reschedule", "transfer", "transfer_return", "withdraw", "stop", "return_result"} {
			rows = append(rows, row{a, path, "intake", 409, 0, ""})
		}
	}
	each(t, func(t *testing.T, e *env) {
		for _, r := range rows {
			t.Run(fmt.Sprintf("%s/%s/%s", r.action, strings.ReplaceAll(r.path, " ", "_"), r.who), func(t *testing.T) {
				d := e.drive(t, r.path)
				code := d["code"].(string)
				st, got := e.call("POST", "/api/v1/dossiers/"+code+"/actions", r.who, contractBody(r.action, d["version"]))
				if st != r.status {
					t.Fatalf("%s in %q by %s: HTTP %d %v, want %d", r.action, r.path, r.who, st, got, r.status)
				}
				switch r.status {
				case 200:
					if s := int(got["status"].(float64)); s != r.want {
						t.Fatalf("status %d, want %d", s, r.want)
					}
					if got["version"].(float64) != d["version"].(float64)+1 {
						t.Errorf("version %v after %v, want one more", got["version"], d["version"])
					}
					if name := got["status_name"]; name != contractStatusNames[r.want] {
						t.Errorf("status_name %q, want %q", name, contractStatusNames[r.want])
					}
					if r.step != "" {
						if k := got["step"].(map[string]any)["key"]; k != r.step {
							t.Errorf("step %v, want %s", k, r.step)
						}
					}
					finished := r.want == 3 || r.want >= 7
					if (got["finished_at"] != nil) != finished {
						t.Errorf("finished_at = %v in status %d", got["finished_at"], r.want)
					}
					h := got["history"].([]any)
					last := h[len(h)-1].(map[string]any)
					if last["action"] != r.action || int(last["to_status"].(float64)) != r.want ||
						last["from_status"].(float64) != d["status"].(float64) || last["note"] != "ghi chú kiểm thử" {
						t.Errorf("last history entry %v", last)
					}
				case 403:
					if c := errCode(got); c != "role_not_allowed" {
						t.Errorf("error code %q, want role_not_allowed", c)
					}
				case 409:
					if c := errCode(got); c != "action_not_allowed" {
						t.Errorf("error code %q, want action_not_allowed", c)
					}
				}
				if r.status != 200 {
					// Nothing changes on refusal.
					_, after := e.call("GET", "/api/v1/dossiers/"+code, "intake", nil)
					if after["version"] != d["version"] || after["status"] != d["status"] ||
						len(after["history"].([]any)) != len(d["history"].([]any)) {
						t.Errorf("refused %s changed the dossier: version %v→%v status %v→%v", r.action,
							d["version"], after["version"], d["status"], after["status"])
					}
				}
			})
		}
	})
}

// TestContractTransferReturnAnswersTheOtherUnit: a processing officer of the unit a dossier was
// transferred to takes it back (200, back at the sending unit).
func TestContractTransferReturnAnswersTheOtherUnit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		d := e.drive(t, "4 transferred")
		code := d["code"].(string)
		st, got := e.call("POST", "/api/v1/dossiers/"+code+"/actions", "other.officer", contractBody("transfer_return", d["version"]))
		if st != 200 {
			t.Fatalf("transfer_return by the other unit's officer: %d %v", st, got)
		}
		if s := got["step"].(map[string]any); s["unit_code"] != testdb.Dept || s["transferred_from"] != nil {
			t.Errorf("step after the return: %v", s)
		}
	})
}

// TestContractStaleVersion: an action decided on an older version is 409 stale_version and
// changes nothing, even for a role that may take it.
func TestContractStaleVersion(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		d := e.drive(t, "4 appraise")
		code := d["code"].(string)
		st, got := e.call("POST", "/api/v1/dossiers/"+code+"/actions", "officer", contractBody("forward", d["version"].(float64)-1))
		if st != 409 || errCode(got) != "stale_version" {
			t.Fatalf("stale forward: %d %v", st, got)
		}
		_, after := e.call("GET", "/api/v1/dossiers/"+code, "officer", nil)
		if after["version"] != d["version"] || after["step"].(map[string]any)["key"] != "appraise" {
			t.Fatalf("stale forward changed the dossier: %v", after)
		}
	})
}

// TestContractDossierJSON checks the dossier fields §8 lists, their types and the +07:00 offset.
func TestContractDossierJSON(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		d := e.drive(t, "4 appraise")
		code := d["code"].(string)
		st, d := e.call("GET", "/api/v1/dossiers/"+code, "officer", nil)
		if st != 200 {
			t.Fatalf("get: %d %v", st, d)
		}
		for _, k := range []string{"code", "status", "status_name", "version", "procedure_code", "unit_code",
			"competent_unit_code", "channel", "applicant", "received_at", "due_at", "finished_at", "timeliness",
			"reschedules", "step", "history"} {
			if _, ok := d[k]; !ok {
				t.Errorf("dossier lacks %q", k)
			}
		}
		if !regexp.MustCompile(`^` + regexp.QuoteMeta(testdb.Dept) + `-260302-\d{4}$`).MatchString(code) {
			t.Errorf("code %q is not {agency code}-{yyMMdd}-{NNNN}", code)
		}
		if d["status"].(float64) != 4 || d["status_name"] != "Đang xử lý" || d["channel"] != "online" ||
			d["procedure_code"] != testdb.ProcCode || d["unit_code"] != testdb.Dept ||
			d["competent_unit_code"] != testdb.Dept || d["reschedules"].(float64) != 0 ||
			d["timeliness"] != "within" || d["finished_at"] != nil {
			t.Errorf("dossier fields: %v", d)
		}
		a := d["applicant"].(map[string]any)
		for _, k := range []string{"name", "id_number", "phone", "email", "address", "type"} {
			if _, ok := a[k]; !ok {
				t.Errorf("applicant lacks %q", k)
			}
		}
		if a["type"].(float64) != 1 {
			t.Errorf("applicant.type = %v, want the national code 1", a["type"])
		}
		step := d["step"].(map[string]any)
		for _, k := range []string{"key", "name", "unit_code", "due_at"} {
			if _, ok := step[k]; !ok {
				t.Errorf("step lacks %q", k)
			}
		}
		if step["key"] != "appraise" || step["name"] != "Thẩm định, thụ lý" || step["unit_code"] != testdb.Dept {
			t.Errorf("step = %v", step)
		}
		for _, k := range []string{"received_at", "due_at", "created_at"} {
			if s, _ := d[k].(string); !vnInstant.MatchString(s) {
				t.Errorf("%s = %v, want RFC 3339 with +07:00", k, d[k])
			}
		}
		if s, _ := step["due_at"].(string); !vnInstant.MatchString(s) {
			t.Errorf("step.due_at = %v, want RFC 3339 with +07:00", step["due_at"])
		}
		// Received Monday 2 March 09:00; two working days of 8 hours: Wednesday 09:00.
		if d["due_at"] != "2026-03-04T09:00:00+07:00" {
			t.Errorf("due_at = %v, want 2026-03-04T09:00:00+07:00", d["due_at"])
		}
		h := d["history"].([]any)
		if len(h) != 3 {
			t.Fatalf("history has %d entries, want submit, receive, forward", len(h))
		}
		for i, want := range []struct {
			action   string
			from, to float64
			step     string
		}{{"submit", 0, 1, "receive"}, {"receive", 1, 2, "receive"}, {"forward", 2, 4, "appraise"}} {
			ev := h[i].(map[string]any)
			for _, k := range []string{"at", "actor", "action", "from_status", "to_status", "step"} {
				if _, ok := ev[k]; !ok {
					t.Errorf("history[%d] lacks %q", i, k)
				}
			}
			if ev["action"] != want.action || ev["from_status"] != want.from || ev["to_status"] != want.to || ev["step"] != want.step {
				t.Errorf("history[%d] = %v, want %+v", i, ev, want)
			}
			if s, _ := ev["at"].(string); !vnInstant.MatchString(s) {
				t.Errorf("history[%d].at = %v, want +07:00", i, ev["at"])
			}
		}
		if h[1].(map[string]any)["actor"] != "intake" {
			t.Errorf("history[1].actor = %v, want intake", h[1].(map[string]any)["actor"])
		}
	})
}

// TestContractCompetentUnitDefault: competent_unit_code defaults to the receiving unit when it
// implements the procedure; a counter intake is received at once (status 2) with its due instant.
func TestContractCompetentUnitDefault(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		body := newOnline("Phạm Văn Quầy")
		body["channel"] = "counter"
		st, d := e.call("POST", "/api/v1/dossiers", "intake", body)
		if st != 201 {
			t.Fatalf("counter intake: %d %v", st, d)
		}
		if d["competent_unit_code"] != testdb.Dept || d["status"].(float64) != 2 || d["channel"] != "counter" ||
			d["received_at"] != "2026-03-02T09:00:00+07:00" || d["due_at"] != "2026-03-04T09:00:00+07:00" {
			t.Errorf("counter dossier: %v", d)
		}
		if s, _ := d["tracking_secret"].(string); len(s) < 8 {
			t.Errorf("tracking_secret = %q", s)
		}
		body = newOnline("Phạm Văn Quầy")
		body["competent_unit_code"] = testdb.Other
		st, d = e.call("POST", "/api/v1/dossiers", "citizen", body)
		if st != 201 || d["competent_unit_code"] != testdb.Other || d["unit_code"] != testdb.Dept {
			t.Errorf("explicit competent unit: %d %v", st, d)
		}
	})
}

// TestContractRescheduleNewDue: new_due given in any offset is answered, and recorded, in +07:00;
// the reschedule is counted.
func TestContractRescheduleNewDue(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		d := e.drive(t, "4 appraise")
		code := d["code"].(string)
		body := contractBody("reschedule", d["version"])
		body["new_due"] = "2026-03-20T10:00:00Z"
		st, got := e.call("POST", "/api/v1/dossiers/"+code+"/actions", "leader", body)
		if st != 200 {
			t.Fatalf("reschedule: %d %v", st, got)
		}
		if got["due_at"] != "2026-03-20T17:00:00+07:00" || got["reschedules"].(float64) != 1 {
			t.Errorf("after reschedule: due_at %v reschedules %v, want 2026-03-20T17:00:00+07:00 and 1", got["due_at"], got["reschedules"])
		}
		h := got["history"].([]any)
		p, _ := h[len(h)-1].(map[string]any)["payload"].(map[string]any)
		if p["new_due"] != "2026-03-20T17:00:00+07:00" || p["old_due"] != "2026-03-04T09:00:00+07:00" {
			t.Errorf("reschedule event payload = %v", p)
		}
		// A new due that is not later than the current one is 422 on new_due.
		body = contractBody("reschedule", got["version"])
		body["new_due"] = "2026-03-20T17:00:00+07:00"
		st, m := e.call("POST", "/api/v1/dossiers/"+code+"/actions", "leader", body)
		if f, _ := m["error"].(map[string]any)["fields"].(map[string]any); st != 422 || f["new_due"] == nil || errCode(m) != "invalid_field" {
			t.Errorf("reschedule to the same instant: %d %v, want 422 invalid_field on new_due", st, m)
		}
	})
}

// TestContractListShape: lists are {"items","total","next_cursor"} with cursor paging and
// limit 1–500; from/to filter the receipt instant; the inbox has the same shape.
func TestContractListShape(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for i := 0; i < 3; i++ {
			e.drive(t, "2")
		}
		e.drive(t, "1") // submitted, never received: outside any receipt-date filter
		keys := func(m map[string]any) []string {
			var ks []string
			for k := range m {
				ks = append(ks, k)
			}
			slices.Sort(ks)
			return ks
		}
		st, p1 := e.call("GET", "/api/v1/dossiers?limit=2", "intake", nil)
		if st != 200 || !slices.Equal(keys(p1), []string{"items", "next_cursor", "total"}) {
			t.Fatalf("list: %d keys %v", st, keys(p1))
		}
		if p1["total"].(float64) != 4 || len(p1["items"].([]any)) != 2 || p1["next_cursor"] == "" {
			t.Fatalf("first page: total %v, %d items, next %q", p1["total"], len(p1["items"].([]any)), p1["next_cursor"])
		}
		_, p2 := e.call("GET", "/api/v1/dossiers?limit=2&cursor="+p1["next_cursor"].(string), "intake", nil)
		if p2["total"].(float64) != 4 || len(p2["items"].([]any)) != 2 || p2["next_cursor"] != "" {
			t.Fatalf("second page: total %v, %d items, next %q", p2["total"], len(p2["items"].([]any)), p2["next_cursor"])
		}
		seen := map[string]bool{}
		for _, p := range []map[string]any{p1, p2} {
			for _, it := range p["items"].([]any) {
				seen[it.(map[string]any)["code"].(string)] = true
			}
		}
		if len(seen) != 4 {
			t.Errorf("two pages give %d distinct dossiers, want 4", len(seen))
		}
		if _, p := e.call("GET", "/api/v1/dossiers?limit=500", "intake", nil); p["total"].(float64) != 4 || len(p["items"].([]any)) != 4 {
			t.Errorf("limit=500: %v", p)
		}
		for _, q := range []string{"limit=501", "limit=0", "limit=-1", "limit=x"} {
			if st, m := e.call("GET", "/api/v1/dossiers?"+q, "intake", nil); st != 422 || errCode(m) != "invalid_limit" {
				t.Errorf("%s: %d %v", q, st, m)
			}
			if st, m := e.call("GET", "/api/v1/inbox?"+q, "intake", nil); st != 422 || errCode(m) != "invalid_limit" {
				t.Errorf("inbox %s: %d %v", q, st, m)
			}
		}
		for q, want := range map[string]float64{
			"status=2": 3, "status=1": 1,
			"unit=" + testdb.Dept:                                4,
			"unit=" + testdb.Province + "&include_children=true": 4,
			"unit=" + testdb.Province:                            0,
		} {
			st, m := e.call("GET", "/api/v1/dossiers?"+q, "intake", nil)
			if st != 200 || m["total"].(float64) != want || len(m["items"].([]any)) != int(want) {
				t.Errorf("%s: %d total %v, want %v", q, st, m["total"], want)
			}
		}
		st, in := e.call("GET", "/api/v1/inbox", "intake", nil)
		if st != 200 || !slices.Equal(keys(in), []string{"items", "next_cursor", "total"}) || in["total"].(float64) != 4 {
			t.Errorf("inbox: %d %v", st, in)
		}
	})
}

// TestContractListReceiptDateFilter: from and to filter the receipt instant (dates are midnight
// in Vietnam); a dossier never received matches no date filter.
func TestContractListReceiptDateFilter(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for i := 0; i < 3; i++ {
			e.drive(t, "2")
		}
		e.drive(t, "1")
		for q, want := range map[string]float64{
			"from=2026-03-02": 3, "from=2026-03-03": 0, "to=2026-03-03": 3,
			"from=2026-03-02T08:59:00%2B07:00&to=2026-03-02T09:01:00%2B07:00": 3,
			"from=2026-03-02T02:01:00Z":                                       0, "from=2026-03-02&status=2": 3, "from=2026-03-02&status=1": 0,
		} {
			st, m := e.call("GET", "/api/v1/dossiers?"+q, "intake", nil)
			if st != 200 || m["total"].(float64) != want || len(m["items"].([]any)) != int(want) {
				t.Errorf("%s: %d total %v, want %v (%v)", q, st, m["total"], want, m["error"])
			}
		}
		for _, q := range []string{"from=yesterday", "to=2026-13-01", "from=02/03/2026"} {
			if st, m := e.call("GET", "/api/v1/dossiers?"+q, "intake", nil); st != 422 || errCode(m) != "invalid_time" {
				t.Errorf("%s: %d %v, want 422 invalid_time", q, st, m)
			}
		}
	})
}

// TestContractErrors checks the error body {"error":{"code","message","fields"}} for every status
// the issue names, in Vietnamese by default and in English on Accept-Language: en.
func TestContractErrors(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		d := e.drive(t, "2")
		code := d["code"].(string)
		acts := "/api/v1/dossiers/" + code + "/actions"
		cases := []struct {
			name, method, path, who string
			body                    any
			status                  int
			code, field, en         string
		}{
			{"malformed JSON", "POST", acts, "intake", `{"action":`, 400, "bad_json", "", "The request body is not valid JSON."},
			{"no token", "GET", "/api/v1/dossiers/" + code, "", nil, 401, "unauthorized", "", "Sign-in required (missing or invalid token)."},
			{"role", "POST", acts, "clerk", contractBody("forward", d["version"]), 403, "role_not_allowed", "", "Your role may not take this action."},
			{"citizen at the counter", "POST", "/api/v1/dossiers", "citizen", map[string]any{"procedure_code": testdb.ProcCode,
				"unit_code": testdb.Dept, "channel": "counter", "applicant": map[string]any{"name": "A"}}, 403, "forbidden_create", "", "You may not create this dossier."},
			{"unseen dossier", "GET", "/api/v1/dossiers/" + code, "other.intake", nil, 404, "dossier_not_found", "", "Dossier not found."},
			{"unknown dossier", "POST", "/api/v1/dossiers/" + testdb.Dept + "-260302-9999/actions", "intake", contractBody("forward", 1), 404, "dossier_not_found", "", "Dossier not found."},
			{"unknown procedure page", "GET", "/api/v1/procedures/9.999999", "", nil, 404, "unknown_procedure", "", "Unknown procedure."},
			{"stale", "POST", acts, "intake", contractBody("forward", 99), 409, "stale_version", "", "The dossier was changed by someone else. Reload and try again."},
			{"not now", "POST", acts, "intake", contractBody("receive", d["version"]), 409, "action_not_allowed", "", "This action is not allowed in the dossier's current status."},
			{"too large action", "POST", acts, "intake", `{"note":"` + strings.Repeat("x", api.MaxBody) + `"}`, 413, "body_too_large", "", "The request body is larger than allowed."},
			{"missing version", "POST", acts, "intake", map[string]any{"action": "forward"}, 422, "required", "version", "This field is required."},
			{"unknown action", "POST", acts, "intake", map[string]any{"action": "fly", "version": 1}, 422, "invalid_action", "action", "Unknown action."},
			{"missing action", "POST", acts, "intake", map[string]any{"version": 1}, 422, "required", "action", "This field is required."},
			// An action's own field left out or empty is "required", as in a new dossier; a value
			// given but refused is "invalid_field".
			{"missing reason", "POST", acts, "intake", map[string]any{"action": "refuse", "version": d["version"]}, 422, "required", "reason", "This field is required."},
			{"empty reason", "POST", acts, "intake", map[string]any{"action": "refuse", "version": d["version"], "reason": ""}, 422, "required", "reason", "This field is required."},
			{"missing amount", "POST", acts, "intake", map[string]any{"action": "request_payment", "version": d["version"]}, 422, "required", "amount", "This field is required."},
			{"negative amount", "POST", acts, "intake", map[string]any{"action": "request_payment", "version": d["version"], "amount": -5}, 422, "invalid_field", "amount", "Invalid value."},
			{"amount as text", "POST", acts, "intake", map[string]any{"action": "request_payment", "version": d["version"], "amount": "nhiều"}, 422, "invalid_field", "amount", "Invalid value."},
			{"missing new due", "POST", acts, "leader", map[string]any{"action": "reschedule", "version": d["version"], "reason": "quá tải"}, 422, "required", "new_due", "This field is required."},
			{"new due in the past", "POST", acts, "leader", map[string]any{"action": "reschedule", "version": d["version"], "reason": "quá tải", "new_due": "2020-01-01T08:00:00+07:00"}, 422, "invalid_field", "new_due", "Invalid value."},
			{"unknown unit", "POST", "/api/v1/dossiers", "intake", map[string]any{"procedure_code": testdb.ProcCode,
				"unit_code": "000.00.77.H62", "channel": "counter", "applicant": map[string]any{"name": "A"}}, 422, "unknown_unit", "unit_code", "Unknown unit."},
			{"unknown competent unit", "POST", "/api/v1/dossiers", "intake", map[string]any{"procedure_code": testdb.ProcCode,
				"unit_code": testdb.Dept, "competent_unit_code": "000.00.77.H62", "channel": "counter", "applicant": map[string]any{"name": "A"}}, 422, "unknown_unit", "competent_unit_code", "Unknown unit."},
			{"unknown procedure", "POST", "/api/v1/dossiers", "intake", map[string]any{"procedure_code": "9.999999",
				"unit_code": testdb.Dept, "channel": "counter", "applicant": map[string]any{"name": "A"}}, 422, "unknown_procedure", "procedure_code", "Unknown procedure."},
			{"bad channel", "POST", "/api/v1/dossiers", "intake", map[string]any{"procedure_code": testdb.ProcCode,
				"unit_code": testdb.Dept, "channel": "fax", "applicant": map[string]any{"name": "A"}}, 422, "invalid_channel", "channel", "Channel must be online, counter or post."},
			{"bad applicant type", "POST", "/api/v1/dossiers", "intake", map[string]any{"procedure_code": testdb.ProcCode,
				"unit_code": testdb.Dept, "channel": "counter", "applicant": map[string]any{"name": "A", "type": 5}}, 422, "invalid_applicant_type", "applicant.type", "Applicant type must be 1 to 4."},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				st, vi := e.call(c.method, c.path, c.who, c.body)
				_, en := e.call(c.method, c.path, c.who, c.body, "Accept-Language", "en-US,en;q=0.8")
				if st != c.status {
					t.Fatalf("HTTP %d %v, want %d", st, vi, c.status)
				}
				for lang, m := range map[string]map[string]any{"vi": vi, "en": en} {
					if len(m) != 1 || m["error"] == nil {
						t.Fatalf("%s body %v: want only the key error", lang, m)
					}
					body := m["error"].(map[string]any)
					for k := range body {
						if k != "code" && k != "message" && k != "fields" {
							t.Errorf("%s: unexpected key error.%s", lang, k)
						}
					}
					if body["code"] != c.code {
						t.Errorf("%s: code %v, want %s", lang, body["code"], c.code)
					}
					if msg, _ := body["message"].(string); msg == "" {
						t.Errorf("%s: empty message", lang)
					}
					if c.field != "" {
						f, _ := body["fields"].(map[string]any)
						if s, _ := f[c.field].(string); s == "" {
							t.Errorf("%s: fields %v do not name %s", lang, body["fields"], c.field)
						}
					}
				}
				if got := en["error"].(map[string]any)["message"]; got != c.en {
					t.Errorf("English message %q, want %q", got, c.en)
				}
				if vi["error"].(map[string]any)["message"] == c.en {
					t.Errorf("the default message is English: %q", c.en)
				}
			})
		}
	})
}

// TestContractErrorContentType: errors are JSON, as successes are.
func TestContractErrorContentType(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for _, path := range []string{"/api/v1/inbox", "/api/v1/nothing", "/api/v1/track/X?secret=Y", "/healthz"} {
			res, err := http.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("GET %s: Content-Type %q", path, ct)
			}
		}
	})
}

// TestContractPublicTrackWithoutPersonalData: tracking by code and secret shows status, step,
// due and timeline, and nothing about the applicant, the officers or their notes.
func TestContractPublicTrackWithoutPersonalData(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		body := map[string]any{"procedure_code": testdb.ProcCode, "unit_code": testdb.Dept, "channel": "online",
			"applicant": map[string]any{"name": "Vũ Thị Riêng Tư", "id_number": "036188009911", "phone": "0987 654 321",
				"email": "rieng.tu@example.vn", "address": "Số 7 ngõ Bí Mật", "type": 1}, "summary": "Trích yếu bí mật"}
		st, d := e.call("POST", "/api/v1/dossiers", "citizen", body)
		if st != 201 {
			t.Fatalf("create: %d %v", st, d)
		}
		code, secret := d["code"].(string), d["tracking_secret"].(string)
		for _, s := range []contractStep{{"intake", "receive"}, {"intake", "forward"}, {"officer", "request_supplement"}} {
			req := contractBody(s.action, d["version"])
			req["note"], req["reason"] = "Gọi chị Riêng Tư số 0987 654 321", "Thiếu CCCD 036188009911"
			if st, d = e.call("POST", "/api/v1/dossiers/"+code+"/actions", s.who, req); st != 200 {
				t.Fatalf("%s: %d %v", s.action, st, d)
			}
		}
		res, err := http.Get(e.srv.URL + "/api/v1/track/" + code + "?secret=" + secret)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("track: %d %s", res.StatusCode, raw)
		}
		for _, private := range []string{"Riêng Tư", "036188009911", "0987 654 321", "rieng.tu@example.vn",
			"Bí Mật", "bí mật", secret, "\"intake\"", "\"officer\"", "\"citizen\""} {
			if strings.Contains(string(raw), private) {
				t.Errorf("public tracking shows %q: %s", private, raw)
			}
		}
		_, tr := e.call("GET", "/api/v1/track/"+code+"?secret="+secret, "", nil)
		for _, k := range []string{"applicant", "summary", "tracking_secret"} {
			if _, ok := tr[k]; ok {
				t.Errorf("public tracking has %q", k)
			}
		}
		if tr["status"].(float64) != 5 || tr["due_at"] == nil || tr["step"].(map[string]any)["key"] != "appraise" ||
			len(tr["history"].([]any)) != 4 {
			t.Errorf("public tracking lacks status, due, step or timeline: %v", tr)
		}
		if st, m := e.call("GET", "/api/v1/track/"+code, "", nil); st != 422 || errCode(m) != "missing_secret" {
			t.Errorf("tracking without secret: %d %v", st, m)
		}
		if st, _ := e.call("GET", "/api/v1/track/"+code+"?secret="+strings.ToLower(secret), "", nil); st != 404 {
			t.Errorf("tracking with a wrong secret: %d", st)
		}
	})
}

// TestContractProceduresAndUnitsArePublic: procedures (list, search and one) carry unit_codes;
// units are listed; no token is needed.
func TestContractProceduresAndUnitsArePublic(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		want := []any{testdb.Dept, testdb.Other}
		st, l := e.call("GET", "/api/v1/procedures", "", nil)
		if st != 200 || l["total"].(float64) != 1 {
			t.Fatalf("procedures: %d %v", st, l)
		}
		if got := l["items"].([]any)[0].(map[string]any)["unit_codes"]; !slices.Equal(got.([]any), want) {
			t.Errorf("listed unit_codes = %v, want %v", got, want)
		}
		if _, l := e.call("GET", "/api/v1/procedures?q=LÝ%20LỊCH", "", nil); l["total"].(float64) != 1 {
			t.Errorf("search by name in capitals: %v", l["total"])
		}
		if _, l := e.call("GET", "/api/v1/procedures?q=khai%20sinh", "", nil); l["total"].(float64) != 0 {
			t.Errorf("search for another procedure: %v", l["total"])
		}
		st, p := e.call("GET", "/api/v1/procedures/"+testdb.ProcCode, "", nil)
		if st != 200 || !slices.Equal(p["unit_codes"].([]any), want) || p["code"] != testdb.ProcCode {
			t.Errorf("procedure: %d %v", st, p)
		}
		st, u := e.call("GET", "/api/v1/units", "", nil)
		if st != 200 {
			t.Fatalf("units: %d", st)
		}
		var codes []string
		for _, it := range u["items"].([]any) {
			codes = append(codes, it.(map[string]any)["code"].(string))
		}
		for _, c := range []string{testdb.Province, testdb.Dept, testdb.Other, testdb.Commune} {
			if !slices.Contains(codes, c) {
				t.Errorf("units lack %s: %v", c, codes)
			}
		}
	})
}

// TestContractUnknownToken: an unknown token, or credentials that are not a bearer token, is 401.
func TestContractUnknownToken(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.tokens["bogus"] = "mc_not-a-token"
		if st, m := e.call("GET", "/api/v1/inbox", "bogus", nil); st != 401 || errCode(m) != "bad_token" {
			t.Errorf("unknown token: %d %v", st, m)
		}
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/inbox", nil)
		req.Header.Set("Authorization", "Basic aW50YWtlOnB3")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 401 {
			t.Errorf("basic auth: %d, want 401", res.StatusCode)
		}
	})
}
