package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// A centre manager's inbox holds every open dossier received by or competent at their unit,
// each once, most urgent first, and nothing closed or of other units; limit cuts it in order.
func TestManagerInbox(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		var want []string // in order of receipt, which is order of urgency here
		create := func(who string, in store.NewDossier, minute int) dossier.Dossier {
			st.SetClock(func() time.Time { return testdb.At(8, minute) })
			d, err := st.CreateDossier(ctx, f.Users[who], in)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		own := create("intake", counterDossier("Nhận tại Sở"), 0)
		want = append(want, own.Code)
		atOther := counterDossier("Nhận tại Sở khác, Sở Tư pháp giải quyết")
		atOther.UnitCode, atOther.CompetentUnitCode = testdb.Other, testdb.Dept
		competent := create("other.intake", atOther, 1)
		want = append(want, competent.Code)
		notOurs := counterDossier("Của Sở khác")
		notOurs.UnitCode = testdb.Other
		create("other.intake", notOurs, 2)
		closed := create("intake", counterDossier("Đã từ chối"), 3)
		if _, err := st.Act(ctx, f.Users["intake"], closed.Code, dossier.Request{Action: workflow.Refuse, Version: closed.Version, Reason: "Không thuộc thẩm quyền"}); err != nil {
			t.Fatal(err)
		}
		later := create("intake", counterDossier("Nhận sau"), 4)
		want = append(want, later.Code)

		in, err := st.Inbox(ctx, f.Users["manager"], 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range in.Items {
			got = append(got, d.Code)
		}
		if in.Total != 3 || len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Fatalf("manager inbox total %d %v, want %v", in.Total, got, want)
		}
		in, err = st.Inbox(ctx, f.Users["manager"], 2)
		if err != nil || in.Total != 3 || len(in.Items) != 2 || in.Items[1].Code != want[1] {
			t.Fatalf("limit 2: total %d items %d (%v)", in.Total, len(in.Items), err)
		}
	})
}

// A citizen's inbox holds their own dossiers waiting for them: a supplement request or a payment.
func TestCitizenInbox(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		in := counterDossier("Nguyễn Văn Công Dân")
		in.Channel = "online"
		d, err := st.CreateDossier(ctx, f.Users["citizen"], in)
		if err != nil {
			t.Fatal(err)
		}
		box, err := st.Inbox(ctx, f.Users["citizen"], 10)
		if err != nil || box.Total != 0 {
			t.Fatalf("before the request: %d %v", box.Total, err)
		}
		if _, err := st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.RequestSupplement, Version: d.Version, Reason: "Thiếu bản sao CCCD"}); err != nil {
			t.Fatal(err)
		}
		for who, want := range map[string]int{"citizen": 1, "citizen2": 0} {
			box, err := st.Inbox(ctx, f.Users[who], 10)
			if err != nil || box.Total != want || len(box.Items) != want {
				t.Fatalf("%s inbox after the request: %d %v, want %d", who, box.Total, err, want)
			}
		}
	})
}
