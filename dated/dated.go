// Package dated picks, among versioned rule files, the one in force on a day: the file with the
// latest valid_from not after it. Rules the law sets change by date (DOMAIN.md: the 2025
// reform), so the index formulas and the assessment rules are files chosen this way, not
// constants. No I/O beyond the file system it is given.
package dated

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"
)

// Latest decodes every .json file of dir into a T, checks each with check, and returns the one
// whose validFrom (YYYY-MM-DD) is the latest not after day.
func Latest[T any](fsys fs.FS, dir string, day time.Time, validFrom func(T) string, check func(T) error) (T, error) {
	var zero T
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return zero, err
	}
	var sets []T
	for _, e := range entries {
		if path.Ext(e.Name()) != ".json" {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return zero, err
		}
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return zero, fmt.Errorf("%s/%s: %w", dir, e.Name(), err)
		}
		if err := check(v); err != nil {
			return zero, fmt.Errorf("%s/%s: %w", dir, e.Name(), err)
		}
		sets = append(sets, v)
	}
	sort.Slice(sets, func(i, j int) bool { return validFrom(sets[i]) < validFrom(sets[j]) })
	d := day.Format(time.DateOnly)
	for i := len(sets) - 1; i >= 0; i-- {
		if validFrom(sets[i]) <= d {
			return sets[i], nil
		}
	}
	return zero, fmt.Errorf("%s: nothing in force on %s", dir, d)
}
