package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/store"
)

// runHolidays handles "holidays load FILE" (an official yearly schedule, which replaces the
// built-in one for that year on every server within a minute) and "holidays list".
func runHolidays(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "load" && args[0] != "list") {
		return usageError{"holidays: want load FILE or list"}
	}
	var c config
	fs := newFlags("holidays "+args[0], &c, stderr)
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	var sch calendar.Schedule
	if args[0] == "load" {
		if fs.NArg() != 1 {
			return usageError{"holidays load: one FILE.json"}
		}
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		if sch, err = calendar.ParseSchedule(f); err != nil {
			return fmt.Errorf("%s: %w (nothing loaded)", fs.Arg(0), err)
		}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if args[0] == "load" {
		if err := st.LoadSchedule(ctx, sch); err != nil {
			return err
		}
		return json.NewEncoder(stdout).Encode(map[string]any{"loaded": sch.Year, "off": len(sch.Off), "work": len(sch.Work)})
	}
	list, err := st.Schedules(ctx)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(map[string]any{"schedules": list})
}

// runPolicy handles "policy set --name N --value V --from YYYY-MM-DD" and "policy list".
func runPolicy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "set" && args[0] != "list") {
		return usageError{"policy: want set or list"}
	}
	var c config
	fs := newFlags("policy "+args[0], &c, stderr)
	var p store.PolicyValue
	var from string
	fs.StringVar(&p.Name, "name", "", "policy name: "+store.PolicyMaxReschedules+" or "+store.PolicyTimelinessByInstant)
	fs.StringVar(&p.Value, "value", "", "value")
	fs.StringVar(&from, "from", "", "first day in force, YYYY-MM-DD (Vietnam time)")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	if args[0] == "set" {
		day, err := time.ParseInLocation(time.DateOnly, from, calendar.Zone)
		if err != nil {
			return usageError{"policy set: --from must be YYYY-MM-DD"}
		}
		p.ValidFrom = day
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if args[0] == "set" {
		if err := st.SetPolicy(ctx, p); err != nil {
			return err
		}
	}
	list, err := st.Policies(ctx)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].ValidFrom = list[i].ValidFrom.In(calendar.Zone)
	}
	return json.NewEncoder(stdout).Encode(map[string]any{"policies": list})
}
