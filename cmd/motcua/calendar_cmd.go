package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/motcua/motcua/calendar"
)

const calendarUsage = `Usage:
  motcua calendar lunar YYYY-MM-DD
  motcua calendar due --from TIME [--days N] [--hours N] [--sessions S] [--holidays FILE]
  motcua calendar between --from TIME --to TIME [--sessions S] [--holidays FILE]
  motcua calendar holidays [--holidays FILE] YEAR

TIME is RFC 3339 (2026-02-12T15:00:00+07:00); without an offset it is Vietnam's time (UTC+7).
--days and --hours are working time and may be fractions; given together they add up.
--sessions are office hours, default 07:30-11:30,13:00-17:00.
--holidays FILE is JSON {"off":["YYYY-MM-DD",…],"work":["YYYY-MM-DD",…]}: it replaces every
built-in holiday; the days off are then Saturdays, Sundays and "off", except the days in "work".
Output is JSON on standard output.
`

// runCalendar runs "motcua calendar …". Every error is a mistake in the command line or in the
// input files.
func runCalendar(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, calendarUsage)
		return errors.New("calendar: a subcommand is required: lunar, due, between or holidays")
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "lunar":
		err = calendarLunar(rest, stdout, stderr)
	case "due":
		err = calendarDue(rest, stdout, stderr)
	case "between":
		err = calendarBetween(rest, stdout, stderr)
	case "holidays":
		err = calendarHolidays(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, calendarUsage)
		return nil
	default:
		fmt.Fprint(stderr, calendarUsage)
		return fmt.Errorf("calendar: unknown subcommand %q: want lunar, due, between or holidays", cmd)
	}
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("calendar %s: %w", cmd, err)
	}
	return nil
}

func calendarLunar(args []string, stdout, stderr io.Writer) error {
	fs := calendarFlags("lunar", stderr)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("want one date, YYYY-MM-DD")
	}
	d, err := calendar.ParseDate(pos[0])
	if err != nil {
		return err
	}
	l := calendar.SolarToLunar(d)
	if l == (calendar.Lunar{}) {
		return fmt.Errorf("%s: %w", d, calendar.ErrOutOfRange)
	}
	return writeJSON(stdout, l)
}

func calendarDue(args []string, stdout, stderr io.Writer) error {
	fs := calendarFlags("due", stderr)
	var from, sessions, holidays string
	var days, hours float64
	fs.StringVar(&from, "from", "", "start instant, RFC 3339 (required)")
	fs.Float64Var(&days, "days", 0, "working days (fractions allowed)")
	fs.Float64Var(&hours, "hours", 0, "working hours (fractions allowed)")
	fs.StringVar(&sessions, "sessions", calendar.DefaultSessions.String(), "office sessions")
	fs.StringVar(&holidays, "holidays", "", "JSON file of days off and working days replacing the built-in holidays")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	set := setFlags(fs)
	if !set["days"] && !set["hours"] {
		return errors.New("--days or --hours is required")
	}
	for name, v := range map[string]float64{"days": days, "hours": hours} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) || v > 1e5 {
			return fmt.Errorf("--%s %v: want a number from 0 to 100000", name, v)
		}
	}
	start, err := parseInstant("from", from)
	if err != nil {
		return err
	}
	s, cal, err := clockFlags(sessions, holidays)
	if err != nil {
		return err
	}
	work, _ := calendar.Duration{Value: days, Unit: calendar.WorkingDay}.WorkingTime(s)
	h, _ := calendar.Duration{Value: hours, Unit: calendar.WorkingHour}.WorkingTime(s)
	due := cal.Add(s, start, work+h)
	return writeJSON(stdout, map[string]string{"due": due.In(calendar.Zone).Format(time.RFC3339)})
}

func calendarBetween(args []string, stdout, stderr io.Writer) error {
	fs := calendarFlags("between", stderr)
	var from, to, sessions, holidays string
	fs.StringVar(&from, "from", "", "start instant, RFC 3339 (required)")
	fs.StringVar(&to, "to", "", "end instant, RFC 3339 (required)")
	fs.StringVar(&sessions, "sessions", calendar.DefaultSessions.String(), "office sessions")
	fs.StringVar(&holidays, "holidays", "", "JSON file of days off and working days replacing the built-in holidays")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	a, err := parseInstant("from", from)
	if err != nil {
		return err
	}
	b, err := parseInstant("to", to)
	if err != nil {
		return err
	}
	s, cal, err := clockFlags(sessions, holidays)
	if err != nil {
		return err
	}
	return writeJSON(stdout, map[string]float64{"working_hours": cal.Between(s, a, b).Hours()})
}

func calendarHolidays(args []string, stdout, stderr io.Writer) error {
	fs := calendarFlags("holidays", stderr)
	var holidays string
	fs.StringVar(&holidays, "holidays", "", "JSON file of days off and working days replacing the built-in holidays")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("want one year")
	}
	year, err := strconv.Atoi(pos[0])
	if err != nil || year < 1 || year > 9999 {
		return fmt.Errorf("invalid year %q", pos[0])
	}
	_, cal, err := clockFlags("", holidays)
	if err != nil {
		return err
	}
	sch := cal.Schedule(year)
	return writeJSON(stdout, struct {
		Year int             `json:"year"`
		Off  []calendar.Date `json:"off"`
		Work []calendar.Date `json:"work"`
	}{year, sch.Off, sch.Work})
}

func calendarFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("calendar "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses flags placed before, between or after the positional arguments, which it
// returns.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// parseInstant reads RFC 3339, or a local date and time in Vietnam's time.
func parseInstant(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, fmt.Errorf("--%s is required", name)
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, v, calendar.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--%s %q: want RFC 3339, e.g. 2026-02-12T15:00:00+07:00", name, v)
}

// clockFlags reads --sessions (if given) and --holidays.
func clockFlags(sessions, holidays string) (calendar.Sessions, *calendar.Calendar, error) {
	s := calendar.DefaultSessions
	if sessions != "" {
		var err error
		if s, err = calendar.ParseSessions(sessions); err != nil {
			return nil, nil, fmt.Errorf("--sessions: %w", err)
		}
	}
	if holidays == "" {
		return s, calendar.Default(), nil
	}
	cal, err := readHolidays(holidays)
	if err != nil {
		return nil, nil, fmt.Errorf("--holidays %s: %w", holidays, err)
	}
	return s, cal, nil
}

// readHolidays reads a holiday file, {"off":[…],"work":[…]}, into a calendar that replaces the
// built-in holidays. A schedule file's "year" and "source" keys are accepted and ignored; any
// other key is an error, so that a misspelt "off" does not silently drop every holiday.
func readHolidays(name string) (*calendar.Calendar, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var file struct {
		Off    []calendar.Date `json:"off"`
		Work   []calendar.Date `json:"work"`
		Year   int             `json:"year"`
		Source string          `json:"source"`
	}
	dec := json.NewDecoder(io.LimitReader(f, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the JSON object")
	}
	return calendar.WithOverride(file.Off, file.Work), nil
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
