package store

import "testing"

// TestManyRows: a one-row upsert becomes one of n rows, placeholders numbered on; a query that is
// not of that shape is refused rather than run wrong.
func TestManyRows(t *testing.T) {
	one := "INSERT INTO stat_open (unit_code, competent_unit, procedure_code, channel, n) VALUES ($1, $2, $3, $4, $5)\n" +
		"ON CONFLICT (unit_code, competent_unit, procedure_code, channel) DO UPDATE SET n = stat_open.n + excluded.n"
	got, err := manyRows(one, 2, 5)
	want := "INSERT INTO stat_open (unit_code, competent_unit, procedure_code, channel, n) VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)\n" +
		"ON CONFLICT (unit_code, competent_unit, procedure_code, channel) DO UPDATE SET n = stat_open.n + excluded.n"
	if err != nil || got != want {
		t.Errorf("manyRows:\n got %q %v\nwant %q", got, err, want)
	}
	if _, err := manyRows(one, 2, 6); err == nil {
		t.Error("a width the row does not have")
	}
	if _, err := manyRows("DELETE FROM stat_due WHERE n = 0", 2, 1); err == nil {
		t.Error("not an insert")
	}
	// Every query the fold upserts with has the shape.
	q, _, err := loadQueries(Postgres)
	if err != nil {
		t.Fatal(err)
	}
	for name, width := range map[string]int{"stat-day-add": 15, "stat-month-add": 15, "stat-open-add": 5, "stat-duration-add": 6,
		"stat-due-add": 7, "stat-flow-add": 6, "stat-step-time-add": 6, "stat-step-total-add": 8, "stat-late-cause-add": 6,
		"stat-rating-add": 8, "stat-round-add": 6, "stat-digital-add": 7} {
		if _, err := manyRows(q.get(name), 3, width); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
