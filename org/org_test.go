package org

import "testing"

func TestValidateCode(t *testing.T) {
	cases := []struct {
		code string
		ok   bool
	}{
		{"000.00.00.H54", true},
		{"000.00.01.H22", true},
		{"000.23.11.H56", true},
		{"H62", true},
		{"000.00.00.G01", true},
		{"000.00.00.K62", true},
		{"", false},
		{"000.00.00.X54", false},
		{"000.00.00.h54", false},
		{"0000.00.00.H54", false},
		{"000..00.H54", false},
		{"000.00.00.H5", false},
		{"000.00.00.00.H54", false},
		{"000.00.00.H54 ", false},
	}
	for _, c := range cases {
		err := ValidateCode(c.code)
		if (err == nil) != c.ok {
			t.Errorf("ValidateCode(%q) = %v, want ok=%v", c.code, err, c.ok)
		}
	}
}

func TestLevelOf(t *testing.T) {
	cases := map[string]int{
		"000.00.00.H62": 1,
		"000.00.12.H62": 2,
		"000.05.12.H62": 3,
		"001.05.12.H62": 4,
	}
	for code, want := range cases {
		if got := LevelOf(code); got != want {
			t.Errorf("LevelOf(%q) = %d, want %d", code, got, want)
		}
	}
}
