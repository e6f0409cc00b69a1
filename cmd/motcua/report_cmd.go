package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/report"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// runReport handles "report --unit CODE --from DAY --to DAY [--include-children [--tree-at DAY]]
// [--name N] [--as-of DAY] [--format xlsx|csv] [-o FILE]": a report form of the unit's figures, as the API gives it. The
// operator runs it on the database directly, so it reads as an administrator would.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlags("report", &c, stderr)
	var unit, from, to, asOf, treeAt, name, format, out string
	var children bool
	fs.StringVar(&unit, "unit", "", "agency code of the unit")
	fs.StringVar(&from, "from", "", "first day of the period, YYYY-MM-DD (Vietnam time)")
	fs.StringVar(&to, "to", "", "last day of the period, YYYY-MM-DD (included)")
	fs.StringVar(&asOf, "as-of", "", "the figures as they stood at the end of this day, YYYY-MM-DD, recomputed from the event log (slower)")
	fs.BoolVar(&children, "include-children", false, "count the units under it too")
	fs.StringVar(&treeAt, "tree-at", "", "with --include-children: the units under it as the tree stood at the end of this day, YYYY-MM-DD (default: today's)")
	fs.StringVar(&name, "name", report.Summary, "report: "+strings.Join(report.All, ", ")+" (docs/statistics.md says what each holds)")
	fs.StringVar(&format, "format", "", "xlsx or csv (default: from the -o file's extension, else xlsx)")
	fs.StringVar(&out, "o", "", "output file (default: stdout)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 || unit == "" {
		return usageError{"report: --unit, --from and --to are required"}
	}
	day := func(flag, v string) (time.Time, error) {
		t, err := time.ParseInLocation(time.DateOnly, v, calendar.Zone)
		if err != nil {
			return t, usageError{fmt.Sprintf("report: --%s must be a date YYYY-MM-DD", flag)}
		}
		return t, nil
	}
	f := store.SummaryFilter{Unit: unit, IncludeChildren: children}
	var err error
	if f.From, err = day("from", from); err != nil {
		return err
	}
	if f.To, err = day("to", to); err != nil {
		return err
	}
	f.To = f.To.AddDate(0, 0, 1)
	if !f.From.Before(f.To) {
		return usageError{"report: the period must end after it starts"}
	}
	if treeAt != "" {
		t, err := day("tree-at", treeAt)
		if err != nil {
			return err
		}
		f.TreeAt = t.AddDate(0, 0, 1).Add(-time.Millisecond)
	}
	var at time.Time
	if asOf != "" {
		if at, err = day("as-of", asOf); err != nil {
			return err
		}
		at = at.AddDate(0, 0, 1).Add(-time.Millisecond)
	}
	if format == "" {
		format = "xlsx"
		if strings.EqualFold(filepath.Ext(out), ".csv") {
			format = "csv"
		}
	}
	if format != "xlsx" && format != "csv" {
		return usageError{"report: --format must be xlsx or csv"}
	}
	if !report.Valid(name) {
		return usageError{fmt.Sprintf("report: no report %q (%s)", name, strings.Join(report.All, ", "))}
	}
	if asOf != "" && !report.OfFigures(name) {
		return usageError{"report: --as-of is for the figure reports only (tong-hop, theo-kenh, theo-cap)"}
	}

	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	admin := user.User{Username: "motcua-cli", FullName: "motcua report", Roles: []user.RoleAt{{Role: workflow.Administrator}}}
	var sum store.Summary
	if asOf != "" {
		sum, err = st.StatsSummaryAsOf(ctx, admin, f, at)
	} else {
		sum, err = st.StatsSummary(ctx, admin, f)
	}
	if err != nil {
		return err
	}
	rep, err := report.Make(ctx, st, admin, name, f, sum)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, rep, format); err != nil {
		return err
	}
	if out == "" || out == "-" {
		_, err = buf.WriteTo(stdout)
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s: %s, %d bytes\n", out, rep.FileName(format), buf.Len())
	return nil
}
