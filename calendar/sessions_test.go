package calendar

import (
	"encoding/json"
	"testing"
	"time"
)

func hm(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }

func TestParseSessions(t *testing.T) {
	tests := []struct {
		in    string
		want  Sessions
		daily time.Duration
		str   string
	}{
		{"07:30-11:30,13:00-17:00", DefaultSessions, 8 * time.Hour, "07:30-11:30,13:00-17:00"},
		{"07:00-11:30,13:30-17:00", Sessions{{hm(7, 0), hm(11, 30)}, {hm(13, 30), hm(17, 0)}}, 8 * time.Hour, "07:00-11:30,13:30-17:00"},
		{" 7:30 - 11:30 , 13:00-17:00 ", DefaultSessions, 8 * time.Hour, "07:30-11:30,13:00-17:00"},
		{"08:00-12:00", Sessions{{hm(8, 0), hm(12, 0)}}, 4 * time.Hour, "08:00-12:00"},
		{"00:00-24:00", Sessions{{0, 24 * time.Hour}}, 24 * time.Hour, "00:00-24:00"},
		{"07:00-12:00,12:00-16:00", Sessions{{hm(7, 0), hm(12, 0)}, {hm(12, 0), hm(16, 0)}}, 9 * time.Hour, "07:00-12:00,12:00-16:00"},
	}
	for _, tt := range tests {
		got, err := ParseSessions(tt.in)
		if err != nil {
			t.Errorf("ParseSessions(%q): %v", tt.in, err)
			continue
		}
		if got.String() != tt.str || got.Daily() != tt.daily || len(got) != len(tt.want) {
			t.Errorf("ParseSessions(%q) = %v (daily %v)", tt.in, got, got.Daily())
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseSessions(%q)[%d] = %v, want %v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
	for _, bad := range []string{
		"", " ", "07:30", "07:30-", "-11:30", "7-11", "07:30-11:30;13:00-17:00",
		"11:30-07:30",             // backwards
		"07:30-07:30",             // empty
		"13:00-17:00,07:30-11:30", // not sorted
		"07:30-12:00,11:30-17:00", // overlapping
		"07:30-25:00", "24:30-25:00", "07:60-11:30", "07:30-11:3", "ab:cd-11:30", "-1:00-11:30",
		"07:30-11:30,",
	} {
		if s, err := ParseSessions(bad); err == nil {
			t.Errorf("ParseSessions(%q) = %v, want an error", bad, s)
		}
	}
}

func TestSessionsJSON(t *testing.T) {
	var v struct {
		S Sessions `json:"s"`
	}
	if err := json.Unmarshal([]byte(`{"s":"07:00-11:30,13:30-17:00"}`), &v); err != nil || v.S.Daily() != 8*time.Hour {
		t.Fatalf("Unmarshal: %v, %v", v.S, err)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"s":"07:00-11:30,13:30-17:00"}` {
		t.Errorf("Marshal = %s", b)
	}
	if err := json.Unmarshal([]byte(`{"s":"17:00-07:00"}`), &v); err == nil {
		t.Error("Unmarshal accepted backwards sessions")
	}
}
