package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/report"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// eachRaw is each with a connection of the test's own to its database, for a state no call of
// the API or the store makes today but the schema allows: a rating with no officer recorded
// (ratings.officer_id NULL, 0 in the rollup stat_ratings).
func eachRaw(t *testing.T, fn func(t *testing.T, e *env, exec func(query string) int64)) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			var raw *sql.DB
			if path, ok := strings.CutPrefix(db.DSN, "sqlite:"); ok {
				raw, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
			} else {
				raw, err = sql.Open("pgx", db.DSN)
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { raw.Close() })
			exec := func(query string) int64 {
				t.Helper()
				res, err := raw.ExecContext(ctx, query)
				if err != nil {
					t.Fatalf("%s: %v", query, err)
				}
				n, _ := res.RowsAffected()
				return n
			}
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
			fn(t, e, exec)
		})
	}
}

// reportHistory plays, on the department, the March history of marchHistory (A early, C late,
// D and E overdue: C's receipt made it late) and then:
//   - three online dossiers, returned by the intake officer on Friday 6 March and rated online:
//     very satisfied with a comment, satisfied, not satisfied with a reason and a comment; the
//     satisfied one is then made a rating with no officer recorded;
//   - at counter "Quầy 1", two dossiers taken in on Friday (and left open) and rated on its
//     kiosk: very satisfied, and not satisfied with a reason and a comment;
//   - in April, H solved early and G late (its receipt made it late, as C's);
//   - the manager's entries for March (criteria 5 to 8).
//
// The clock only moves forward, as the rollups expect.
func reportHistory(t *testing.T, e *env, exec func(string) int64) {
	t.Helper()
	marchHistory(t, e)
	ctx := context.Background()
	st := e.st
	var clock time.Time
	st.SetClock(func() time.Time { return clock })
	who := func(name string) user.User {
		u, err := st.UserByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	act := func(at time.Time, code, by string, req dossier.Request) {
		t.Helper()
		clock = at
		d, err := st.DossierByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		req.Version = d.Version
		if _, err := st.Act(ctx, who(by), code, req); err != nil {
			t.Fatalf("%s %s %s: %v", code, by, req.Action, err)
		}
	}
	friday := func(h, m int) time.Time { return testdb.At(h, m).AddDate(0, 0, 4) }
	for i, r := range []store.Rating{
		{Value: store.VerySatisfied, Comment: "Nhanh, chu đáo"},
		{Value: store.Satisfied},
		{Value: store.NotSatisfied, Reason: "waiting", Comment: "Phải đi lại hai lần"},
	} {
		clock = testdb.At(10, 0).AddDate(0, 0, 3) // Thursday 10:00
		d, err := st.CreateDossier(ctx, who("citizen"), store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
			Channel: "online", Applicant: dossier.Applicant{Name: fmt.Sprint("Công dân ", i), Phone: "0912345678", Type: 1}, Summary: "x"})
		if err != nil {
			t.Fatal(err)
		}
		thursday := func(h, m int) time.Time { return testdb.At(h, m).AddDate(0, 0, 3) }
		act(thursday(10, 30+i), d.Code, "intake", dossier.Request{Action: workflow.Receive})
		act(thursday(11, i), d.Code, "intake", dossier.Request{Action: workflow.Forward})
		act(thursday(14, i), d.Code, "officer", dossier.Request{Action: workflow.Forward})
		act(thursday(15, i), d.Code, "leader", dossier.Request{Action: workflow.Forward})
		act(thursday(16, i), d.Code, "clerk", dossier.Request{Action: workflow.Forward})
		act(friday(9, i), d.Code, "intake", dossier.Request{Action: workflow.ReturnResult, How: "counter"})
		clock = friday(9, 30+i)
		if _, err := st.RateDossier(ctx, who("citizen"), d.Code, r); err != nil {
			t.Fatalf("online rating %d: %v", i, err)
		}
	}
	clock = friday(10, 0)
	if err := st.SetUnitCounters(ctx, who("admin"), testdb.Dept, []string{"Quầy 1", "Quầy 2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.TakeCounter(ctx, who("intake"), testdb.Dept, "Quầy 1"); err != nil {
		t.Fatal(err)
	}
	for i, value := range []int{store.VerySatisfied, store.NotSatisfied} {
		clock = friday(10, 10*(i+1))
		d, err := st.Intake(ctx, who("intake"), store.CounterIntake{
			NewDossier: store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: "counter",
				Applicant: dossier.Applicant{Name: fmt.Sprint("Người nộp ", i), IDNumber: "001090000001", Phone: "0912345678", Type: 1}, Summary: "x"},
			Case: "Công dân Việt Nam", Decision: store.IntakeReceive, Counter: "Quầy 1",
			Documents: []store.IntakeDocument{{Name: "Tờ khai", Required: true, Received: true, Originals: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(2 * time.Minute)
		if _, err := st.RateAtKiosk(ctx, testdb.Dept, "Quầy 1", d.Code, value); err != nil {
			t.Fatalf("kiosk rating %d: %v", i, err)
		}
		if value == store.NotSatisfied {
			if err := st.ExplainKioskRating(ctx, testdb.Dept, "Quầy 1", d.Code, "attitude", "Không được hướng dẫn"); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The online "satisfied" rating is the only one of its value, channel and day: its rollup
	// row holds it alone.
	if _, err := st.FoldStats(ctx); err != nil {
		t.Fatal(err)
	}
	if n := exec("UPDATE ratings SET officer_id = NULL WHERE channel = 'online' AND value = 2"); n != 1 {
		t.Fatalf("%d ratings without an officer", n)
	}
	if n := exec("UPDATE stat_ratings SET officer_id = 0 WHERE channel = 'online' AND value = 2"); n != 1 {
		t.Fatalf("%d rollup rows without an officer", n)
	}

	// April: H received and solved on Tuesday 7 (early); G received on Tuesday 7 and solved on
	// Friday 10 (late: due Thursday 9 at 09:00).
	april := func(day, h int) time.Time { return time.Date(2026, 4, day, h, 0, 0, 0, calendar.Zone) }
	for _, c := range []struct {
		name   string
		solved int
	}{{"H", 7}, {"G", 10}} {
		clock = april(7, 8)
		d, err := st.CreateDossier(ctx, who("intake"), store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: "counter",
			Applicant: dossier.Applicant{Name: c.name, IDNumber: "001090000001", Type: 1}, Summary: "x"})
		if err != nil {
			t.Fatal(err)
		}
		for i, by := range []string{"intake", "officer", "leader", "clerk"} {
			act(april(c.solved, 10+i), d.Code, by, dossier.Request{Action: workflow.Forward})
		}
	}

	// The manager's entries for March.
	_, a := e.call("GET", "/api/v1/stats/assessment?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31", "manager", nil)
	var procs any
	for _, c := range a["criteria"].([]any) {
		if c := c.(map[string]any); c["key"] == "one_stop" {
			procs = c["inputs"].(map[string]any)["procedures"]
		}
	}
	if st, m := e.call("PUT", "/api/v1/stats/assessment/entries", "manager", map[string]any{"unit": testdb.Dept, "month": "2026-03",
		"values": map[string]any{"one_stop": procs, "paper": 1, "complaints": 0, "feedback": 10, "feedback_on_time": 9}}); st != 200 {
		t.Fatalf("entries: %d %v", st, m)
	}
}

// The dashboard's reports and what each must agree with: the JSON endpoint that gives the same
// table for the same unit and period.
func TestDashboardReportsAgreeWithTheAPI(t *testing.T) {
	eachRaw(t, func(t *testing.T, e *env, exec func(string) int64) {
		reportHistory(t, e, exec)
		const period = "&from=2026-03-01&to=2026-04-30"
		dept, province := "?unit="+testdb.Dept+period, "?unit="+testdb.Province+period
		get := func(who, path string) map[string]any {
			t.Helper()
			st, m := e.call("GET", path, who, nil)
			if st != 200 {
				t.Fatalf("%s: %d %v", path, st, m)
			}
			return m
		}
		index := get("manager", "/api/v1/stats/index"+dept)
		ranking := get("admin", "/api/v1/stats/index/ranking"+province)
		assess := get("manager", "/api/v1/stats/assessment"+dept)
		sat := get("manager", "/api/v1/stats/satisfaction"+dept)
		steps := get("manager", "/api/v1/stats/steps"+dept)
		trend := get("manager", "/api/v1/stats/trend"+dept)

		// The history is what reportHistory says, or agreeing would prove little: ratings of
		// every value, one of no officer; late dossiers with their cause; two months.
		satTotal := ratingCounts(sat["total"])
		var byOfficer [3]float64
		for _, g := range objects(sat["by_officer"]) {
			byOfficer = add(byOfficer, ratingCounts(g["ratings"]))
		}
		if satTotal != [3]float64{2, 1, 2} || byOfficer != [3]float64{2, 0, 2} || len(objects(sat["by_counter"])) != 1 ||
			len(objects(sat["by_channel"])) != 2 || len(objects(sat["comments"])) != 3 {
			t.Fatalf("satisfaction %v", sat)
		}
		if causes := objects(steps["late_causes"]); len(causes) == 0 || len(objects(steps["steps"])) != 4 {
			t.Fatalf("steps %v", steps)
		}
		if months := objects(trend["months"]); len(months) != 2 || months[0]["late"] != 1.0 || months[1]["late"] != 1.0 {
			t.Fatalf("trend %v", trend)
		}
		if len(index["no_data"].([]any)) == 0 || index["points"].(float64) <= 0 {
			t.Fatalf("index %v", index)
		}
		if items := objects(ranking["items"]); len(items) != 3 || items[0]["unit"] != testdb.Dept {
			t.Fatalf("ranking %v", ranking)
		}
		if assess["grade"] == nil || len(objects(assess["criteria"])) != 9 {
			t.Fatalf("assessment %v", assess)
		}
		stepName := map[string]string{}
		for _, s := range objects(steps["steps"]) {
			stepName[s["key"].(string)] = s["name"].(string)
		}

		ratingHeader := func(by string) []string {
			return []string{"STT", by, "Số đánh giá - Rất hài lòng", "Số đánh giá - Hài lòng", "Số đánh giá - Không hài lòng",
				"Số đánh giá - Tổng số", "Tỷ lệ hài lòng (%)"}
		}
		ratingsOf := []string{"C", "D", "E", "F", "G"}
		cases := []struct {
			name, who, query string
			header           []string
			sheets           []string // the workbook's sheets,
			keys             []string // each the table of the report of that name
			sums             []string // the total line's columns that are formulas
			agree            func(t *testing.T, rows [][]string)
			workbook         func(t *testing.T, wb *excelize.File)
		}{
			{
				name: "chi-so", who: "manager", query: dept,
				header: []string{"STT", "Nhóm / chỉ tiêu", "Số liệu - Tử số", "Số liệu - Mẫu số", "Số liệu - Tỷ lệ (%)", "Điểm",
					"Điểm tối đa", "Điểm tối đa có dữ liệu"},
				sheets: []string{"Chỉ số"}, sums: []string{"F", "G", "H"},
				agree: func(t *testing.T, rows [][]string) {
					i := 0
					next := func() []string {
						t.Helper()
						if i >= len(rows) {
							t.Fatalf("the index has %d lines", len(rows))
						}
						i++
						return rows[i-1]
					}
					for gi, g := range objects(index["groups"]) {
						row := next()
						if row[0] != roman[gi] || row[1] != g["name"] || row[2]+row[3]+row[4] != "" {
							t.Errorf("group %d: %q", gi+1, row)
						}
						same(t, "group "+row[1], row[5:], g["points"], g["max"], g["available"])
						for k, in := range objects(g["indicators"]) {
							row := next()
							if row[0] != strconv.Itoa(k+1) || row[1] != in["name"] {
								t.Errorf("indicator %s: %q", in["key"], row)
							}
							if in["no_data"] == true {
								if row[2] != "Chưa có dữ liệu" || row[3]+row[4]+row[5]+row[7] != "" {
									t.Errorf("indicator %s without data: %q", in["key"], row)
								}
								same(t, in["key"].(string), row[6:7], in["max"])
								continue
							}
							same(t, in["key"].(string), row[2:], in["numerator"], in["denominator"], pct1(in["ratio"].(float64)),
								in["points"], in["max"], in["max"])
						}
					}
					row := next()
					if row[0] != "" || row[1] != "Tổng cộng" || i != len(rows) {
						t.Errorf("total %q, %d lines of %d", row, i, len(rows))
					}
					same(t, "total", row[5:], index["points"], 100.0, index["available"])
				},
				workbook: func(t *testing.T, wb *excelize.File) {
					note := fmt.Sprintf("Điểm quy đổi: %s/100 (%s điểm trên %s điểm có dữ liệu); xếp loại: %s.", vn(index["score"]),
						vn(index["points"]), vn(index["available"]), bandNames[index["band"].(string)])
					if !sheetHas(t, wb, "Chỉ số", note) {
						t.Errorf("no note %q", note)
					}
				},
			},
			{
				name: "xep-hang", who: "admin", query: province,
				header: []string{"Hạng", "Đơn vị", "Mã đơn vị", "Điểm", "Điểm tối đa có dữ liệu", "Điểm quy đổi (/100)", "Xếp loại"},
				sheets: []string{"Xếp hạng"},
				agree: func(t *testing.T, rows [][]string) {
					items := objects(ranking["items"])
					if len(rows) != len(items) {
						t.Fatalf("%d lines for %d units", len(rows), len(items))
					}
					for i, it := range items {
						rank := strconv.Itoa(i + 1)
						if it["band"] == "no_data" {
							rank = "Chưa xếp hạng"
						}
						row := rows[i]
						if row[0] != rank || row[1] != unitNames[it["unit"].(string)] || row[2] != it["unit"] ||
							row[6] != bandNames[it["band"].(string)] {
							t.Errorf("line %d: %q, want rank %s of %v", i+1, row, rank, it)
						}
						same(t, row[2], row[3:6], it["points"], it["available"], it["score"])
					}
				},
			},
			{
				name: "tieu-chi", who: "manager", query: dept,
				header: []string{"STT", "Tiêu chí", "Số liệu", "Điểm", "Điểm tối đa"},
				sheets: []string{"Tiêu chí 01-2018"}, sums: []string{"D", "E"},
				agree: func(t *testing.T, rows [][]string) {
					criteria := objects(assess["criteria"])
					if len(rows) != len(criteria)+1 {
						t.Fatalf("%d lines for %d criteria", len(rows), len(criteria))
					}
					for i, c := range criteria {
						row := rows[i]
						if row[0] != strconv.Itoa(i+1) || row[1] != c["name"] {
							t.Errorf("criterion %s: %q", c["key"], row)
						}
						if c["points"] == nil {
							if row[3]+row[4] != "" || !strings.HasPrefix(row[2], "Chưa có dữ liệu") {
								t.Errorf("criterion %s without data: %q", c["key"], row)
							}
						} else {
							same(t, c["key"].(string), row[3:], c["points"], c["max"])
						}
						inputs, entered := strings.CutSuffix(row[2], " (đơn vị nhập)")
						if entered != c["entered"] {
							t.Errorf("criterion %s: entered %v, the line says %q", c["key"], c["entered"], row[2])
						}
						var got, want []string
						for _, part := range strings.Split(inputs, "; ") {
							_, v, _ := strings.Cut(part, ": ")
							got = append(got, v)
						}
						for _, v := range c["inputs"].(map[string]any) {
							want = append(want, vn(v))
						}
						slices.Sort(got)
						slices.Sort(want)
						if !slices.Equal(got, want) {
							t.Errorf("criterion %s: inputs %q, want the values %q", c["key"], row[2], want)
						}
					}
					total := rows[len(rows)-1]
					if total[1] != "Tổng cộng" {
						t.Errorf("total %q", total)
					}
					same(t, "total", total[3:], assess["total"], assess["max"])
				},
			},
			{
				name: "hai-long", who: "manager", query: dept, header: ratingHeader("Cán bộ"),
				sheets: []string{"Theo cán bộ", "Theo quầy", "Theo đơn vị", "Theo thủ tục", "Theo kênh", "Ý kiến"},
				keys:   []string{"hai-long", "hai-long-theo-quay", "hai-long-theo-don-vi", "hai-long-theo-thu-tuc", "hai-long-theo-kenh", "y-kien"},
				sums:   ratingsOf,
				agree: func(t *testing.T, rows [][]string) {
					ratingsAgree(t, rows, sat["by_officer"], satTotal, "Không gắn với cán bộ", func(g map[string]any) string {
						return fmt.Sprintf("%s (%s)", g["name"], g["key"])
					})
					// The officers and the ratings of no officer add up to the total.
					var sum [3]float64
					for _, row := range rows[:len(rows)-1] {
						sum = add(sum, [3]float64{num(row[2]), num(row[3]), num(row[4])})
					}
					if sum != satTotal || rows[len(rows)-2][1] != "Không gắn với cán bộ" || !slices.Equal(rows[len(rows)-2][2:6], []string{"0", "1", "0", "1"}) {
						t.Errorf("the officers add up to %v of %v: %q", sum, satTotal, rows)
					}
				},
			},
			{
				name: "hai-long-theo-quay", who: "manager", query: dept, header: ratingHeader("Quầy"),
				sheets: []string{"Theo quầy"}, sums: ratingsOf,
				agree: func(t *testing.T, rows [][]string) {
					ratingsAgree(t, rows, sat["by_counter"], satTotal, "Không qua quầy (trực tuyến)", nil)
					for i, g := range objects(sat["by_counter"]) {
						if rows[i][1] != g["name"].(string)+" — "+unitNames[testdb.Dept] {
							t.Errorf("counter %v: %q", g, rows[i])
						}
					}
				},
			},
			{
				name: "hai-long-theo-don-vi", who: "manager", query: dept, header: ratingHeader("Đơn vị"),
				sheets: []string{"Theo đơn vị"}, sums: ratingsOf,
				agree: func(t *testing.T, rows [][]string) {
					ratingsAgree(t, rows, sat["by_unit"], satTotal, "", func(g map[string]any) string { return unitNames[g["key"].(string)] })
				},
			},
			{
				name: "hai-long-theo-thu-tuc", who: "manager", query: dept, header: ratingHeader("Thủ tục"),
				sheets: []string{"Theo thủ tục"}, sums: ratingsOf,
				agree: func(t *testing.T, rows [][]string) {
					ratingsAgree(t, rows, sat["by_procedure"], satTotal, "", func(g map[string]any) string {
						return map[string]string{testdb.ProcCode: "Cấp Phiếu lý lịch tư pháp"}[g["key"].(string)]
					})
				},
			},
			{
				name: "hai-long-theo-kenh", who: "manager", query: dept, header: ratingHeader("Kênh"),
				sheets: []string{"Theo kênh"}, sums: ratingsOf,
				agree: func(t *testing.T, rows [][]string) {
					ratingsAgree(t, rows, sat["by_channel"], satTotal, "", nil)
					for i, g := range objects(sat["by_channel"]) {
						if name := ratingChannels[g["key"].(string)]; rows[i][1] != name {
							t.Errorf("channel %v: %q", g["key"], rows[i])
						}
					}
				},
			},
			{
				name: "y-kien", who: "manager", query: dept,
				header: []string{"STT", "Thời điểm", "Mã hồ sơ", "Mức đánh giá", "Lý do", "Ý kiến", "Kênh", "Đơn vị", "Quầy"},
				sheets: []string{"Ý kiến"},
				agree: func(t *testing.T, rows [][]string) {
					comments := objects(sat["comments"])
					if len(rows) != len(comments) {
						t.Fatalf("%d lines for %d comments", len(rows), len(comments))
					}
					for i, c := range comments {
						at, err := time.Parse(time.RFC3339, c["at"].(string))
						row := rows[i]
						value := map[float64]string{3: "Rất hài lòng", 2: "Hài lòng", 1: "Không hài lòng"}[c["value"].(float64)]
						counter, _ := c["counter"].(string)
						comment, _ := c["comment"].(string)
						reason, _ := c["reason"].(string)
						if err != nil || row[0] != strconv.Itoa(i+1) || row[1] != at.In(calendar.Zone).Format("02/01/2006 15:04") ||
							row[2] != c["dossier_code"] || row[3] != value || row[4] != reasonNames[reason] || row[5] != comment ||
							row[6] != ratingChannels[c["channel"].(string)] || row[7] != unitNames[c["unit"].(string)] || row[8] != counter {
							t.Errorf("comment %d: %q, want %v", i+1, row, c)
						}
					}
				},
			},
			{
				name: "thoi-gian-buoc", who: "manager", query: dept,
				header: []string{"STT", "Bước xử lý", "Số lượt", "Thời gian (giờ làm việc) - Định mức", "Thời gian (giờ làm việc) - Trung bình",
					"Thời gian (giờ làm việc) - Trung vị", "Thời gian (giờ làm việc) - 90% xong trong", "Vượt định mức - Số lượt",
					"Vượt định mức - Tỷ lệ (%)", "Số hồ sơ quá hạn do bước này"},
				sheets: []string{"Thời gian từng bước", "Nguyên nhân trễ hạn"}, keys: []string{"thoi-gian-buoc", "nguyen-nhan-tre-han"},
				sums: []string{"C", "H", "I", "J"},
				agree: func(t *testing.T, rows [][]string) {
					list := objects(steps["steps"])
					if len(rows) != len(list)+1 {
						t.Fatalf("%d lines for %d steps", len(rows), len(list))
					}
					var count, over, late float64
					for i, s := range list {
						if rows[i][0] != strconv.Itoa(i+1) || rows[i][1] != s["name"] {
							t.Errorf("step %s: %q", s["key"], rows[i])
						}
						same(t, s["key"].(string), rows[i][2:], s["count"], s["budget_hours"], s["avg_hours"], s["median_hours"],
							s["p90_hours"], s["over_budget"], s["over_budget_pct"], s["late_caused"])
						count, over, late = count+s["count"].(float64), over+s["over_budget"].(float64), late+s["late_caused"].(float64)
					}
					total := rows[len(rows)-1]
					if total[1] != "Tổng cộng" || total[3]+total[4]+total[5]+total[6] != "" {
						t.Errorf("total %q", total)
					}
					same(t, "total", total[7:], over, pct(over, count), late)
					same(t, "total", total[2:3], count)
					// Every late dossier is laid to one step: the late causes count them too.
					var causes float64
					for _, c := range objects(steps["late_causes"]) {
						causes += c["count"].(float64)
					}
					if late != causes {
						t.Errorf("steps made %v late, the causes count %v", late, causes)
					}
				},
			},
			{
				name: "nguyen-nhan-tre-han", who: "manager", query: dept,
				header: []string{"STT", "Bước xử lý", "Đơn vị", "Cán bộ", "Số hồ sơ quá hạn"},
				sheets: []string{"Nguyên nhân trễ hạn"}, sums: []string{"E"},
				agree: func(t *testing.T, rows [][]string) {
					causes := objects(steps["late_causes"])
					if len(rows) != len(causes)+1 {
						t.Fatalf("%d lines for %d causes", len(rows), len(causes))
					}
					var n float64
					for i, c := range causes {
						officer := fmt.Sprintf("%s (%s)", c["full_name"], c["username"])
						if row := rows[i]; row[0] != strconv.Itoa(i+1) || row[1] != stepName[c["step"].(string)] ||
							row[2] != unitNames[c["unit"].(string)] || row[3] != officer {
							t.Errorf("cause %d: %q, want %v", i+1, row, c)
						}
						same(t, "cause", rows[i][4:], c["count"])
						n += c["count"].(float64)
					}
					if total := rows[len(rows)-1]; total[1] != "Tổng cộng" || total[4] != strconv.Itoa(int(n)) {
						t.Errorf("total %q, want %v", total, n)
					}
				},
			},
			{
				name: "xu-huong", who: "manager", query: dept,
				header: []string{"STT", "Tháng", "Tiếp nhận", "Đã giải quyết", "Quá hạn", "Tỷ lệ quá hạn (%)"},
				sheets: []string{"Trễ hạn theo tháng"}, sums: []string{"C", "D", "E", "F"},
				agree: func(t *testing.T, rows [][]string) {
					months := objects(trend["months"])
					if len(rows) != len(months)+1 {
						t.Fatalf("%d lines for %d months", len(rows), len(months))
					}
					var rec, solved, late float64
					for i, m := range months {
						y, mo, _ := strings.Cut(m["month"].(string), "-")
						if rows[i][0] != strconv.Itoa(i+1) || rows[i][1] != mo+"/"+y {
							t.Errorf("month %v: %q", m["month"], rows[i])
						}
						same(t, m["month"].(string), rows[i][2:], m["received"], m["solved"], m["late"], m["late_pct"])
						rec, solved, late = rec+m["received"].(float64), solved+m["solved"].(float64), late+m["late"].(float64)
					}
					total := rows[len(rows)-1]
					if total[0] != "" || total[1] != "Tổng cộng" {
						t.Errorf("total %q", total)
					}
					same(t, "total", total[2:], rec, solved, late, pct(late, solved))
				},
			},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				unit := testdb.Dept
				if c.query == province {
					unit = testdb.Province
				}
				recs := reportCSV(t, e, c.name, c.who, c.query, unit)
				if !slices.Equal(recs[0], c.header) {
					t.Fatalf("header %q", recs[0])
				}
				c.agree(t, recs[1:])

				wb := reportXLSX(t, e, c.name, c.who, c.query, unit)
				if got := wb.GetSheetList(); !slices.Equal(got, c.sheets) {
					t.Fatalf("sheets %q, want %q", got, c.sheets)
				}
				keys := c.keys
				if keys == nil {
					keys = []string{c.name}
				}
				for i, sheet := range c.sheets {
					own := recs
					if i > 0 {
						own = reportCSV(t, e, keys[i], c.who, c.query, unit)
					}
					first := sameAsCSV(t, wb, sheet, own)
					if n := formulasHold(t, wb, sheet, first, first+len(own)-2); n == 0 && i == 0 && len(c.sums) > 0 {
						t.Errorf("%s: no formula", sheet)
					}
					if i == 0 && len(c.sums) > 0 {
						n := first + len(own) - 2 // the total line: its figures are formulas
						for _, col := range c.sums {
							f, _ := wb.GetCellFormula(sheet, fmt.Sprint(col, n))
							if !strings.HasPrefix(f, "SUM(") && !strings.HasPrefix(f, "IF(") && !strings.Contains(f, "+") {
								t.Errorf("%s!%s%d: formula %q", sheet, col, n, f)
							}
						}
					}
				}
				if c.workbook != nil {
					c.workbook(t, wb)
				}
			})
		}
	})
}

var (
	roman     = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII"}
	unitNames = map[string]string{testdb.Province: "UBND tỉnh Vĩnh Phúc", testdb.Dept: "Sở Tư pháp", testdb.Other: "Sở Xây dựng", testdb.Commune: "UBND xã Đạo Trù"}
	bandNames = map[string]string{"excellent": "Xuất sắc", "good": "Tốt", "fair": "Khá", "average": "Trung bình", "weak": "Yếu", "no_data": "Chưa đủ dữ liệu để xếp loại"}
	// Where ratings are given, and the reasons a citizen picks, as the rating pages word them.
	ratingChannels = map[string]string{"kiosk": "Tại quầy (máy đánh giá)", "online": "Trực tuyến"}
	reasonNames    = map[string]string{"": "", "waiting": "Chờ đợi lâu, trễ hẹn", "attitude": "Thái độ cán bộ", "guidance": "Hướng dẫn chưa rõ",
		"papers": "Yêu cầu giấy tờ ngoài quy định", "other": "Lý do khác"}
)

// ratingsAgree checks a ratings table against the groups of GET /api/v1/stats/satisfaction: a
// line a group in order (label names it, nil: any label), then the ratings no group holds under
// rest, then the total.
func ratingsAgree(t *testing.T, rows [][]string, groups any, total [3]float64, rest string, label func(map[string]any) string) {
	t.Helper()
	var held [3]float64
	line := func(i int, name string, c [3]float64) {
		t.Helper()
		if i >= len(rows) {
			t.Fatalf("%d lines: no line for %s", len(rows), name)
		}
		row := rows[i]
		want := []float64{c[0], c[1], c[2], c[0] + c[1] + c[2], pct(c[0]+c[1], c[0]+c[1]+c[2])}
		got := []float64{num(row[2]), num(row[3]), num(row[4]), num(row[5]), num(row[6])}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %v", name, row, want)
		}
	}
	gs := objects(groups)
	for i, g := range gs {
		c := ratingCounts(g["ratings"])
		line(i, fmt.Sprint(g["key"]), c)
		if rows[i][0] != strconv.Itoa(i+1) || (label != nil && rows[i][1] != label(g)) {
			t.Errorf("group %v: %q", g["key"], rows[i])
		}
		held = add(held, c)
	}
	n := len(gs)
	if left := [3]float64{total[0] - held[0], total[1] - held[1], total[2] - held[2]}; left != [3]float64{} {
		if rest == "" {
			t.Fatalf("the groups hold %v of %v", held, total)
		}
		line(n, rest, left)
		if rows[n][0] != strconv.Itoa(n+1) || rows[n][1] != rest {
			t.Errorf("the rest: %q", rows[n])
		}
		n++
	}
	line(n, "total", total)
	if rows[n][0] != "" || rows[n][1] != "Tổng cộng" || len(rows) != n+1 {
		t.Errorf("total %q, %d lines", rows[n], len(rows))
	}
}

// reportCSV downloads a report as CSV and reads it: UTF-8 with a byte-order mark, CRLF.
func reportCSV(t *testing.T, e *env, name, who, query, unit string) [][]string {
	t.Helper()
	st, hdr, body := e.download("/api/v1/reports/"+name+".csv"+query, who)
	if st != 200 || hdr.Get("Content-Type") != "text/csv; charset=utf-8" ||
		hdr.Get("Content-Disposition") != `attachment; filename="bao-cao-`+name+`-`+unit+`-2026-03-01-2026-04-30.csv"` {
		t.Fatalf("%s.csv: %d %v %s", name, st, hdr, body)
	}
	raw, ok := bytes.CutPrefix(body, []byte("\xEF\xBB\xBF"))
	if !ok || !bytes.HasSuffix(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
		t.Fatalf("%s.csv: BOM %v, lines %q", name, ok, raw)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%s.csv: %v %q", name, err, raw)
	}
	return recs
}

func reportXLSX(t *testing.T, e *env, name, who, query, unit string) *excelize.File {
	t.Helper()
	st, hdr, body := e.download("/api/v1/reports/"+name+".xlsx"+query, who)
	if st != 200 || hdr.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		hdr.Get("Content-Disposition") != `attachment; filename="bao-cao-`+name+`-`+unit+`-2026-03-01-2026-04-30.xlsx"` {
		t.Fatalf("%s.xlsx: %d %v", name, st, hdr)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s.xlsx does not open: %v", name, err)
	}
	t.Cleanup(func() { wb.Close() })
	return wb
}

// sameAsCSV checks that a sheet holds the table of a CSV: its header (in two rows when
// columns are grouped, the group merged over its columns) from row 8, then the same lines and
// nothing under them. It returns the sheet's row of the first line.
func sameAsCSV(t *testing.T, wb *excelize.File, sheet string, recs [][]string) int {
	t.Helper()
	rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	at := func(n int) []string { // row n, as wide as the table
		out := make([]string, len(header))
		if n <= len(rows) {
			copy(out, rows[n-1])
		}
		return out
	}
	grouped := slices.ContainsFunc(header, func(h string) bool { return strings.Contains(h, " - ") })
	first, top, bottom := 9, at(8), at(9)
	got := make([]string, len(header))
	group := ""
	for i := range header {
		got[i] = top[i]
		if grouped && bottom[i] != "" {
			if top[i] != "" {
				group = top[i]
			}
			got[i] = group + " - " + bottom[i]
		}
	}
	if grouped {
		first = 10
	}
	if !slices.Equal(got, header) {
		t.Errorf("%s: header %q, the CSV's %q", sheet, got, header)
	}
	for k, rec := range recs[1:] {
		row := at(first + k)
		for i := range header {
			a, b := strings.TrimPrefix(rec[i], "'"), row[i]
			if a != b && !(a != "" && b != "" && math.Abs(num(a)-num(b)) < 0.0051) {
				t.Errorf("%s!%s%d = %q, the CSV has %q", sheet, string(rune('A'+i)), first+k, b, rec[i])
			}
		}
	}
	if after := at(first + len(recs) - 1); strings.Join(after, "") != "" {
		t.Errorf("%s: a line under the table: %q", sheet, after)
	}
	return first
}

// formulasHold checks that every formula of rows first..last computes the value saved with it,
// and tells how many there are.
func formulasHold(t *testing.T, wb *excelize.File, sheet string, first, last int) int {
	t.Helper()
	rows, _ := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
	n := 0
	for r := first; r <= last && r <= len(rows); r++ {
		for c := range rows[r-1] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r)
			f, err := wb.GetCellFormula(sheet, cell)
			if err != nil || f == "" {
				continue
			}
			n++
			v, err := wb.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if saved := rows[r-1][c]; err != nil || saved == "" || math.Abs(num(v)-num(saved)) > 1e-9 {
				t.Errorf("%s!%s = %s computes %q (%v), saved %q", sheet, cell, f, v, err, saved)
			}
		}
	}
	return n
}

// sheetHas tells whether a cell of the sheet says text.
func sheetHas(t *testing.T, wb *excelize.File, sheet, text string) bool {
	rows, _ := wb.GetRows(sheet)
	for _, row := range rows {
		if slices.Contains(row, text) {
			return true
		}
	}
	return false
}

// same checks that the cells hold the numbers (nil: an empty cell), to hundredths.
func same(t *testing.T, where string, cells []string, want ...any) {
	t.Helper()
	for i, w := range want {
		switch {
		case i >= len(cells):
			t.Errorf("%s: no cell for %v", where, w)
		case w == nil:
			if cells[i] != "" {
				t.Errorf("%s: cell %d = %q, want it empty", where, i, cells[i])
			}
		case math.Abs(num(cells[i])-w.(float64)) > 0.0051 || cells[i] == "":
			t.Errorf("%s: cell %d = %q, want %v", where, i, cells[i], w)
		}
	}
}

func num(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// pct is a share in %, to one decimal, as the figures round it.
func pct(n, of float64) float64 {
	if of == 0 {
		return 0
	}
	return float64(int(n*1000/of+0.5)) / 10
}

func pct1(ratio float64) float64 { return pct(ratio, 1) }

// vn writes a number as the reports' notes do: 14,25.
func vn(v any) string {
	return strings.Replace(strconv.FormatFloat(math.Round(v.(float64)*100)/100, 'f', -1, 64), ".", ",", 1)
}

func objects(v any) []map[string]any {
	var out []map[string]any
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

func ratingCounts(v any) [3]float64 {
	m := v.(map[string]any)
	return [3]float64{m["very_satisfied"].(float64), m["satisfied"].(float64), m["not_satisfied"].(float64)}
}

func add(a, b [3]float64) [3]float64 { return [3]float64{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }

// TestDashboardReportsRefused: the dashboard's reports go to those who see the unit's figures,
// as the figure reports do, and only the figure reports are recomputed as of a past day.
func TestDashboardReportsRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		marchHistory(t, e)
		const period = "&from=2026-03-01&to=2026-03-31"
		var names []string
		for _, name := range report.All {
			if !report.OfFigures(name) {
				names = append(names, name)
			}
		}
		if len(names) != 12 {
			t.Fatalf("the dashboard's reports: %q", names)
		}
		for _, name := range names {
			for _, ext := range []string{".csv", ".xlsx"} {
				path := "/api/v1/reports/" + name + ext
				// Those who may: the department's manager, an administrator for the province.
				for _, ok := range []struct{ who, unit string }{{"manager", testdb.Dept}, {"admin", testdb.Province}} {
					if st, _, body := e.download(path+"?unit="+ok.unit+period, ok.who); st != 200 {
						t.Errorf("%s %s of %s: %d %s", ok.who, path, ok.unit, st, body)
					}
				}
				for _, c := range []struct {
					who, query string
					status     int
					code       string
				}{
					{"officer", "?unit=" + testdb.Dept + period, 403, "forbidden_stats"},
					{"manager", "?unit=" + testdb.Other + period, 403, "forbidden_stats"},
					{"manager", "?unit=" + testdb.Province + period, 403, "forbidden_stats"},
					{"manager", "?unit=" + testdb.Province + "&include_children=true" + period, 403, "forbidden_stats"},
					{"", "?unit=" + testdb.Dept + period, 401, "unauthorized"},
					{"manager", "?unit=" + testdb.Dept + "&from=2026-03-31&to=2026-03-01", 422, "invalid_period"},
				} {
					if st, m := e.call("GET", path+c.query, c.who, nil); st != c.status || errCode(m) != c.code {
						t.Errorf("%s %s%s: %d %v", c.who, path, c.query, st, m)
					}
				}
				// as_of: refused with the field named, whoever asks.
				for _, who := range []string{"manager", "officer"} {
					st, m := e.call("GET", path+"?unit="+testdb.Dept+period+"&as_of=2026-03-03", who, nil)
					fields, _ := m["error"].(map[string]any)["fields"].(map[string]any)
					if st != 422 || errCode(m) != "as_of_figures_only" || fields["as_of"] == nil || m["error"].(map[string]any)["message"] == "" {
						t.Errorf("%s %s as of a day: %d %v", who, path, st, m)
					}
				}
			}
		}
		// In English, the field's detail says which reports can.
		_, m := e.call("GET", "/api/v1/reports/chi-so.csv?unit="+testdb.Dept+period+"&as_of=2026-03-03", "manager", nil, "Accept-Language", "en")
		if detail, _ := m["error"].(map[string]any)["fields"].(map[string]any)["as_of"].(string); !strings.Contains(detail, "tong-hop") {
			t.Errorf("as_of detail %q", detail)
		}
		// The figure reports still are.
		if st, _, body := e.download("/api/v1/reports/theo-kenh.csv?unit="+testdb.Dept+period+"&as_of=2026-03-03", "manager"); st != 200 {
			t.Errorf("theo-kenh as of a day: %d %s", st, body)
		}
		for _, path := range []string{"/api/v1/reports/chi-so.pdf", "/api/v1/reports/hai-long-theo-nam.csv", "/api/v1/reports/xu-huong"} {
			if st, m := e.call("GET", path+"?unit="+testdb.Dept+period, "manager", nil); st != 404 || errCode(m) != "not_found" {
				t.Errorf("%s: %d %v", path, st, m)
			}
		}
	})
}

// TestReportsDocumented: the OpenAPI document lists every report there is, on both paths, and
// says which ones as_of takes.
func TestReportsDocumented(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		st, doc := e.call("GET", "/api/v1/openapi.json", "", nil)
		if st != 200 {
			t.Fatalf("openapi.json: %d", st)
		}
		for _, path := range []string{"/api/v1/reports/{name}.xlsx", "/api/v1/reports/{name}.csv"} {
			op, _ := doc["paths"].(map[string]any)[path].(map[string]any)["get"].(map[string]any)
			if op == nil {
				t.Fatalf("%s is not documented", path)
			}
			params := map[string]map[string]any{}
			for _, p := range op["parameters"].([]any) {
				if p, _ := p.(map[string]any); p["name"] != nil {
					params[p["name"].(string)] = p
				}
			}
			var enum []string
			for _, v := range params["name"]["schema"].(map[string]any)["enum"].([]any) {
				enum = append(enum, v.(string))
			}
			if !slices.Equal(enum, report.All) {
				t.Errorf("%s: name enum %q, the reports are %q", path, enum, report.All)
			}
			desc, _ := params["name"]["description"].(string)
			for _, name := range report.All {
				if !strings.Contains(desc, name) {
					t.Errorf("%s: the name's description does not say what %s is", path, name)
				}
			}
			if desc, _ := params["as_of"]["description"].(string); !strings.Contains(desc, "as_of_figures_only") {
				t.Errorf("%s: as_of %q", path, desc)
			}
			if r, _ := op["responses"].(map[string]any)["422"].(map[string]any); r == nil {
				t.Errorf("%s: 422 is not documented", path)
			}
		}
	})
}
