package report

import (
	"fmt"
	"strings"
)

// sums are, for n lines (line i of level level(i)) starting at sheet row first, the formula each
// line's summed columns get, or nil: a group sums the items under it, the total the groups (or
// the items of a table without groups).
func sums(n int, level func(i int) Level, first int) []func(col string) string {
	levels := make([]Level, n)
	for i := range levels {
		levels[i] = level(i)
	}
	out := make([]func(string) string, len(levels))
	hasGroups := false
	for _, lv := range levels {
		hasGroups = hasGroups || lv == Group
	}
	var groupRows []int
	for i, lv := range levels {
		n := first + i
		switch lv {
		case Group:
			groupRows = append(groupRows, n)
			end := i
			for end+1 < len(levels) && levels[end+1] == Item {
				end++
			}
			if end > i {
				last := first + end
				out[i] = func(c string) string { return fmt.Sprintf("SUM(%s%d:%s%d)", c, n+1, c, last) }
			}
		case Total:
			switch {
			case hasGroups:
				rows := append([]int(nil), groupRows...)
				out[i] = func(c string) string {
					terms := make([]string, len(rows))
					for k, g := range rows {
						terms[k] = fmt.Sprintf("%s%d", c, g)
					}
					return strings.Join(terms, "+")
				}
			case i > 0:
				out[i] = func(c string) string { return fmt.Sprintf("SUM(%s%d:%s%d)", c, first, c, n-1) }
			}
		}
	}
	return out
}
