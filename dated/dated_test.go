package dated_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/motcua/motcua/dated"
)

type rules struct {
	ValidFrom string `json:"valid_from"`
	Name      string `json:"name"`
}

func TestLatest(t *testing.T) {
	fsys := fstest.MapFS{
		"r/2018.json":  {Data: []byte(`{"valid_from": "2018-11-23", "name": "old"}`)},
		"r/2025.json":  {Data: []byte(`{"valid_from": "2025-07-01", "name": "two tiers"}`)},
		"r/README.txt": {Data: []byte("not a rule file")},
	}
	from := func(r rules) string { return r.ValidFrom }
	ok := func(rules) error { return nil }
	for _, c := range []struct {
		day  time.Time
		want string
	}{
		{time.Date(2018, 11, 23, 0, 0, 0, 0, time.UTC), "old"},
		{time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), "old"},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), "two tiers"},
		{time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), "two tiers"},
	} {
		got, err := dated.Latest(fsys, "r", c.day, from, ok)
		if err != nil || got.Name != c.want {
			t.Errorf("%s: %q %v, want %q", c.day.Format(time.DateOnly), got.Name, err, c.want)
		}
	}
	if _, err := dated.Latest(fsys, "r", time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), from, ok); err == nil || !strings.Contains(err.Error(), "nothing in force on 2017-01-01") {
		t.Errorf("before any file: %v", err)
	}
	bad := errors.New("points do not add up")
	if _, err := dated.Latest(fsys, "r", time.Now(), from, func(r rules) error {
		if r.Name == "old" {
			return bad
		}
		return nil
	}); !errors.Is(err, bad) || !strings.Contains(err.Error(), "2018.json") {
		t.Errorf("a file failing its check: %v", err)
	}
	fsys["r/broken.json"] = &fstest.MapFile{Data: []byte(`{"valid_from": `)}
	if _, err := dated.Latest(fsys, "r", time.Now(), from, ok); err == nil || !strings.Contains(err.Error(), "broken.json") {
		t.Errorf("a broken file: %v", err)
	}
}
