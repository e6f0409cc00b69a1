package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

func TestTrackByPhone(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		phones := map[string]string{ // as the intake officer typed it → the dossier code
			"0912 345 678":     "",
			"+84 983.111.222":  "",
			"84-977-000-111":   "",
			"0084 966 123 456": "",
			"":                 "", // no phone on record
		}
		for typed := range phones {
			in := counterDossier("Lê Văn Cường")
			in.Applicant.Phone = typed
			d, err := f.Store.CreateDossier(ctx, f.Users["intake"], in)
			if err != nil {
				t.Fatal(err)
			}
			phones[typed] = d.Code
		}
		cases := []struct {
			stored, asked string
			found         bool
		}{
			{"0912 345 678", "0912345678", true},
			{"0912 345 678", "0912.345.678", true},
			{"0912 345 678", "+84 912 345 678", true},
			{"0912 345 678", "(+84) 912-345-678", true},
			{"+84 983.111.222", "0983111222", true},
			{"84-977-000-111", "0977 000 111", true},
			{"0084 966 123 456", "0966123456", true},
			{"0912 345 678", "0912345679", false}, // one digit off
			{"0912 345 678", "912345678", false},  // no leading 0: not a number we read
			{"0912 345 678", "091234567", false},  // a prefix is not the number
			{"0912 345 678", "%", false},
			{"0912 345 678", "", false},
			{"", "", false},
			{"", "0912345678", false},
			{"+84 983.111.222", "0912345678", false}, // another dossier's number
		}
		for _, c := range cases {
			d, err := f.Store.TrackByPhone(ctx, phones[c.stored], c.asked)
			switch {
			case c.found && (err != nil || d.Code != phones[c.stored] || len(d.History) == 0):
				t.Errorf("stored %q, asked %q: %v %q", c.stored, c.asked, err, d.Code)
			case !c.found && motcua.ErrorCode(err) != motcua.ENOTFOUND:
				t.Errorf("stored %q, asked %q: found %q (%v)", c.stored, c.asked, d.Code, err)
			}
		}
		if _, err := f.Store.TrackByPhone(ctx, "NO-SUCH-CODE", "0912345678"); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Fatalf("unknown code: %v", err)
		}
	})
}

func TestNormalisePhone(t *testing.T) {
	cases := map[string]string{
		"0912345678":         "0912345678",
		" 0912 345 678 ":     "0912345678",
		"+84912345678":       "0912345678",
		"(+84) 912.345.678":  "0912345678",
		"0084912345678":      "0912345678",
		"84912345678":        "0912345678",
		"0211 3862 123":      "02113862123",
		"+84 211 3862 123":   "02113862123",
		"0912 345 678 ext 1": "",
		"09123+45678":        "",
		"12345":              "",
		"":                   "",
	}
	for in, want := range cases {
		got, ok := store.NormalisePhone(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalisePhone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestCurrentProceduresFollowNewVersions(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		ps, err := st.CurrentProcedures(ctx)
		if err != nil || len(ps) != 1 || ps[0].Code != testdb.ProcCode || ps[0].Version != 1 {
			t.Fatalf("first read: %v %+v", err, ps)
		}
		p := *ps[0]
		p.Name = "Cấp Phiếu lý lịch tư pháp (sửa đổi)"
		added := catalog.Procedure{Code: "1.000001", Name: "Thủ tục mới", FieldCode: "X", FieldName: "X", Levels: []int{1},
			OnlineLevel: catalog.InPersonOnly, UnitCodes: []string{testdb.Dept},
			Channels: p.Channels, Cases: []catalog.Case{{Name: "Chung", Documents: []catalog.Document{{Name: "Đơn", Originals: 1}}}}}
		if _, err := st.PutProcedures(ctx, []catalog.Procedure{p, added}); err != nil {
			t.Fatal(err)
		}
		ps, err = st.CurrentProcedures(ctx)
		if err != nil || len(ps) != 2 {
			t.Fatalf("after the import: %v, %d procedures", err, len(ps))
		}
		byCode := map[string]*catalog.Procedure{}
		for _, p := range ps {
			byCode[p.Code] = p
		}
		if got := byCode[testdb.ProcCode]; got.Version != 2 || got.Name != p.Name {
			t.Fatalf("the new version is not seen: %d %q", got.Version, got.Name)
		}
		if byCode["1.000001"] == nil {
			t.Fatal("the new procedure is not seen")
		}
	})
}
