// Package org models the tree of administrative units that receive and process dossiers: a unit's
// agency code, its office sessions, counters and validity dates. It does no I/O.
package org

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Unit is one agency or office: a provincial People's Committee, a department, a district, a
// commune. Units are never deleted: a dissolved unit gets ValidTo, a re-parented one a new
// parent from a date, so dossiers received by it keep pointing at it as it was.
type Unit struct {
	ID         int64      `json:"-"`
	Code       string     `json:"code"` // mã định danh
	Name       string     `json:"name"`
	ParentCode string     `json:"parent_code,omitempty"`
	Level      int        `json:"level"` // 1 province, 2 department/district, 3 commune …
	Sessions   string     `json:"sessions,omitempty"`
	Counters   []string   `json:"counters,omitempty"`
	Address    string     `json:"address,omitempty"`
	Phone      string     `json:"phone,omitempty"`
	ValidFrom  *time.Time `json:"valid_from,omitempty"`
	ValidTo    *time.Time `json:"valid_to,omitempty"`
}

// ActiveAt tells whether the unit exists at t: on or after ValidFrom and before ValidTo.
func (u Unit) ActiveAt(t time.Time) bool {
	return (u.ValidFrom == nil || !t.Before(*u.ValidFrom)) && (u.ValidTo == nil || t.Before(*u.ValidTo))
}

// A group is 1–3 digits or uppercase letters; the level-1 group (right-most) is G, H or K plus two
// digits (QCVN 102:2016, Decision 20/2020).
var agencyCodeRE = regexp.MustCompile(`^([0-9A-Z]{1,3}\.){0,3}[GHK][0-9]{2}$`)

// ValidateCode checks an agency code (mã định danh) against the national format.
func ValidateCode(code string) error {
	if len(code) == 0 {
		return fmt.Errorf("agency code is empty")
	}
	if len(code) > 35 {
		return fmt.Errorf("agency code %q is longer than 35 characters", code)
	}
	if !agencyCodeRE.MatchString(code) {
		return fmt.Errorf("agency code %q is not of the form V1V2V3.Z1Z2.Y1Y2.MX1X2 (e.g. 000.23.11.H56)", code)
	}
	return nil
}

// LevelOf reads the administrative level from a code: 1 when only the level-1 group is used,
// 2 when the level-2 group is set, and so on. Zero groups ("00", "000") mean "not used".
func LevelOf(code string) int {
	parts := strings.Split(code, ".")
	level := 1
	// parts run from level 4 (left) to level 1 (right).
	for i := len(parts) - 2; i >= 0; i-- {
		if strings.Trim(parts[i], "0") != "" {
			level = len(parts) - i
		}
	}
	return level
}

// LevelName is how reports name an administrative level: the province, its departments and
// (where they remain) districts, the communes.
func LevelName(level int) string {
	switch level {
	case 1:
		return "Cấp tỉnh"
	case 2:
		return "Cấp sở, ngành, huyện"
	case 3:
		return "Cấp xã"
	}
	return fmt.Sprintf("Cấp %d", level)
}
