package catalog

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/org"
)

// File is a catalog file: the units a province declares and its procedures. Units come parents
// first, as the store imports them in order.
type File struct {
	Units      []org.Unit  `json:"units,omitempty"`
	Procedures []Procedure `json:"procedures"`
}

// ReadJSON reads and validates a catalog file. Reading is strict: unknown fields and trailing
// data are errors, so a misspelt field is not silently dropped. Every unit and procedure is
// checked; the first error names the entry's index and code and wraps the *FieldError. The
// caller bounds the size of r.
func ReadJSON(r io.Reader) (File, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("catalog file: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return File{}, fmt.Errorf("catalog file: unexpected data after the catalog object")
	}
	if err := validateUnits(f.Units); err != nil {
		return File{}, err
	}
	seen := make(map[string]int, len(f.Procedures))
	for i := range f.Procedures {
		p := &f.Procedures[i]
		if err := p.Validate(); err != nil {
			return File{}, fmt.Errorf("procedures[%d] (%s): %w", i, p.Code, err)
		}
		if j, dup := seen[p.Code]; dup {
			return File{}, fmt.Errorf("procedures[%d] (%s): %w", i, p.Code,
				fieldErr("code", "the same code as procedures[%d]", j))
		}
		seen[p.Code] = i
	}
	return f, nil
}

// validateUnits checks each unit's code, name, level and sessions, and that a parent declared in
// the same file comes before its children. A parent not in the file must already be stored.
func validateUnits(units []org.Unit) error {
	seen := make(map[string]int, len(units))
	for i, u := range units {
		wrap := func(e *FieldError) error { return fmt.Errorf("units[%d] (%s): %w", i, u.Code, e) }
		if err := org.ValidateCode(u.Code); err != nil {
			return wrap(fieldErr("code", "%v", err))
		}
		if j, dup := seen[u.Code]; dup {
			return wrap(fieldErr("code", "the same code as units[%d]", j))
		}
		if strings.TrimSpace(u.Name) == "" {
			return wrap(fieldErr("name", "is required"))
		}
		if u.Level < 1 {
			return wrap(fieldErr("level", "must be 1 (province) or more"))
		}
		if u.ParentCode != "" {
			if err := org.ValidateCode(u.ParentCode); err != nil {
				return wrap(fieldErr("parent_code", "%v", err))
			}
			if u.ParentCode == u.Code {
				return wrap(fieldErr("parent_code", "a unit cannot be its own parent"))
			}
			if slices.ContainsFunc(units[i+1:], func(x org.Unit) bool { return x.Code == u.ParentCode }) {
				return wrap(fieldErr("parent_code", "parent %s must come before its children", u.ParentCode))
			}
		}
		if u.Sessions != "" {
			if _, err := calendar.ParseSessions(u.Sessions); err != nil {
				return wrap(fieldErr("sessions", "%v", err))
			}
		}
		if u.ValidFrom != nil && u.ValidTo != nil && !u.ValidTo.After(*u.ValidFrom) {
			return wrap(fieldErr("valid_to", "must be after valid_from"))
		}
		seen[u.Code] = i
	}
	return nil
}

// WriteJSON writes a catalog file that ReadJSON reads back: indented UTF-8 without HTML escaping,
// units in tree order (parents first, siblings by code) and procedures by code, so that two
// exports of the same catalog are byte for byte equal. f is not modified.
func WriteJSON(w io.Writer, f File) error {
	out := File{Units: treeOrder(f.Units), Procedures: slices.Clone(f.Procedures)}
	if out.Procedures == nil {
		out.Procedures = []Procedure{}
	}
	slices.SortStableFunc(out.Procedures, func(a, b Procedure) int {
		return cmp.Or(strings.Compare(a.Code, b.Code), cmp.Compare(a.Version, b.Version))
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write catalog: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// treeOrder returns units depth first from the roots (units whose parent is not in the list),
// siblings by code. Units caught in a parent cycle come last, by code.
func treeOrder(units []org.Unit) []org.Unit {
	if len(units) == 0 {
		return nil
	}
	sorted := slices.Clone(units)
	slices.SortStableFunc(sorted, func(a, b org.Unit) int { return strings.Compare(a.Code, b.Code) })
	present := make(map[string]bool, len(sorted))
	children := make(map[string][]int)
	for _, u := range sorted {
		present[u.Code] = true
	}
	var roots []int
	for i, u := range sorted {
		if u.ParentCode == "" || !present[u.ParentCode] {
			roots = append(roots, i)
		} else {
			children[u.ParentCode] = append(children[u.ParentCode], i)
		}
	}
	out := make([]org.Unit, 0, len(sorted))
	done := make([]bool, len(sorted))
	var walk func(i int)
	walk = func(i int) {
		if done[i] {
			return
		}
		done[i] = true
		out = append(out, sorted[i])
		for _, c := range children[sorted[i].Code] {
			walk(c)
		}
	}
	for _, i := range roots {
		walk(i)
	}
	for i := range sorted {
		if !done[i] {
			walk(i)
		}
	}
	return out
}
