package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// TestSummaryOfOneProcedure: the figures kept to one procedure count its dossiers only, with a
// field as well only when the procedure is the field's; the step analysis takes the filter's
// procedure; an unknown procedure is refused by name.
func TestSummaryOfOneProcedure(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		const other = "2.000001"
		p, err := st.Procedure(ctx, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		p.Code, p.Name, p.FieldCode, p.FieldName = other, "Chứng thực bản sao từ bản chính", "CT", "Chứng thực"
		if _, err := st.PutProcedures(ctx, []catalog.Procedure{p}); err != nil {
			t.Fatal(err)
		}
		intake := f.Users["intake"]
		for _, code := range []string{testdb.ProcCode, testdb.ProcCode, other} {
			in := counterDossier("Người nộp")
			in.ProcedureCode = code
			if _, err := st.CreateDossier(ctx, intake, in); err != nil {
				t.Fatal(err)
			}
		}
		first := calendar.DateOf(st.Now())
		first.Day = 1
		all := store.SummaryFilter{Unit: testdb.Dept, From: first.Time(), To: first.Time().AddDate(0, 1, 0)}
		for _, c := range []struct {
			name             string
			field, procedure string
			received         int
		}{
			{"every procedure", "", "", 3},
			{"the fixture's", "", testdb.ProcCode, 2},
			{"the other", "", other, 1},
			{"the other in its field", "CT", other, 1},
			{"a procedure outside the field", "CT", testdb.ProcCode, 0},
		} {
			filter := all
			filter.Field, filter.Procedure = c.field, c.procedure
			sum, err := st.StatsSummary(ctx, f.Users["manager"], filter)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if sum.Total.New != c.received || len(sum.Rows) > 0 && c.procedure != "" && sum.Rows[0].Procedure != c.procedure {
				t.Errorf("%s: received %d, want %d (%+v)", c.name, sum.Total.New, c.received, sum.Rows)
			}
		}
		one := all
		one.Procedure = other
		if rep, err := st.StepStats(ctx, f.Users["manager"], one, ""); err != nil || rep.Procedure != other {
			t.Errorf("steps of the filter's procedure: %q %v", rep.Procedure, err)
		}
		one.Procedure = "9.999999"
		if _, err := st.StatsSummary(ctx, f.Users["manager"], one); errKey(err) != "unknown_procedure" {
			t.Errorf("an unknown procedure: %v", err)
		}
	})
}
