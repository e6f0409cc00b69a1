package main

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/store"
)

// runUnit handles "unit reparent --code C --parent P --from YYYY-MM-DD" and
// "unit dissolve --code C --at YYYY-MM-DD" (the unit's last day is the day before).
func runUnit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "reparent" && args[0] != "dissolve") {
		return usageError{"unit: want reparent or dissolve"}
	}
	var c config
	fs := newFlags("unit "+args[0], &c, stderr)
	var code, parent, day string
	fs.StringVar(&code, "code", "", "agency code of the unit")
	if args[0] == "reparent" {
		fs.StringVar(&parent, "parent", "", "agency code of the new parent")
		fs.StringVar(&day, "from", "", "first day under the new parent, YYYY-MM-DD (Vietnam time)")
	} else {
		fs.StringVar(&day, "at", "", "first day the unit no longer exists, YYYY-MM-DD (Vietnam time)")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	at, err := time.ParseInLocation(time.DateOnly, day, calendar.Zone)
	if err != nil || code == "" || fs.NArg() > 0 {
		return usageError{"unit " + args[0] + ": --code and a date YYYY-MM-DD are required"}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if args[0] == "reparent" {
		err = st.ReparentUnit(ctx, code, parent, at)
	} else {
		err = st.DissolveUnit(ctx, code, at)
	}
	if err != nil {
		return err
	}
	u, err := st.Unit(ctx, code)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(u)
}
