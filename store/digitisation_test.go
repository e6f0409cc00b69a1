package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/blob"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// submitOnline files an online dossier for who with one file per document given.
func submitOnline(t *testing.T, f testdb.Fixture, who user.User, files []store.NewFile, reuse []store.ReusePick) dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	st := f.Store
	d, err := st.CreateDraft(ctx, who, testdb.ProcCode)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Answers
	a.Applicant.Phone, a.UnitCode, a.ApplicantDone = "0912345678", testdb.Dept, true
	if err := st.SaveDraft(ctx, who, d.ID, a); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddDraftFiles(ctx, who, d.ID, files); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReuseInDraft(ctx, who, d.ID, reuse); err != nil {
		t.Fatal(err)
	}
	dos, err := st.SubmitDraft(ctx, who, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return dos
}

// atCounter takes a dossier in at the desk of unit (received at once) for the applicant idNumber.
func atCounter(t *testing.T, f testdb.Fixture, officer, unit, idNumber string) dossier.Dossier {
	t.Helper()
	in := counterDossier("Nguyễn Văn Giấy")
	in.UnitCode, in.Applicant.IDNumber = unit, idNumber
	d, err := f.Store.CreateDossier(context.Background(), f.Users[officer], in)
	if err != nil {
		t.Fatal(err)
	}
	if d.ReceivedAt == nil {
		t.Fatalf("counter dossier %s not received", d.Code)
	}
	return d
}

func TestDigitiseRecordsWhoAndWhen(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit := f.Users["citizen"]
		d := atCounter(t, f, "intake", testdb.Dept, cit.IDNumber)
		scan := testdb.PDF("To khai da so hoa")
		page := []store.NewFile{{Name: "to-khai.pdf", Data: scan}}

		for _, c := range []struct {
			who, doc, code string
		}{
			{"officer", "Tờ khai", motcua.EFORBIDDEN},     // not an intake officer
			{"other.intake", "Tờ khai", motcua.ENOTFOUND}, // another unit's dossier
			{"citizen", "Tờ khai", motcua.ENOTFOUND},      // not the owner of a counter dossier
			{"intake", "Giấy khác", motcua.EINVALID},      // not on the checklist
		} {
			if _, err := st.Digitise(ctx, f.Users[c.who], d.Code, c.doc, page); errCodeOf(err) != c.code {
				t.Fatalf("%s digitises %q: %v, want %s", c.who, c.doc, err, c.code)
			}
		}
		if _, err := st.Digitise(ctx, f.Users["intake"], d.Code, "Tờ khai", []store.NewFile{{Name: "x.txt", Data: []byte("text")}}); errCodeOf(err) != motcua.EINVALID {
			t.Fatalf("a text file: %v", err)
		}
		online := submitOnline(t, f, cit, []store.NewFile{{Document: "Tờ khai", Name: "a.pdf", Data: samplePDF}}, nil)
		if _, err := st.Digitise(ctx, f.Users["intake"], online.Code, "Tờ khai", page); errCodeOf(err) != motcua.ECONFLICT {
			t.Fatalf("a dossier not yet received: %v", err)
		}

		got, err := st.Digitise(ctx, f.Users["intake"], d.Code, " Tờ khai ", page)
		if err != nil || len(got) != 1 {
			t.Fatalf("digitise: %+v %v", got, err)
		}
		g := got[0]
		if g.Purpose != store.PurposeDigitised || g.Document != "Tờ khai" || g.OwnerID != f.Users["intake"].ID ||
			!g.UploadedAt.Equal(testdb.At(8, 0)) || g.DossierID != d.ID {
			t.Fatalf("digitised file %+v", g)
		}
		files, err := st.DossierFiles(ctx, f.Users["leader"], d.Code)
		if err != nil || len(files) != 1 || files[0].ID != g.ID || files[0].Purpose != store.PurposeDigitised {
			t.Fatalf("dossier files %+v %v", files, err)
		}
		view, err := st.DigitisationOf(ctx, f.Users["intake"], d.Code)
		if err != nil || len(view.Checklist) != 1 || view.Checklist[0] != "Tờ khai" {
			t.Fatalf("intake's view %+v %v", view, err)
		}
		if view, err := st.DigitisationOf(ctx, f.Users["officer"], d.Code); err != nil || len(view.Checklist) != 0 {
			t.Fatalf("officer's view %+v %v", view, err)
		}
	})
}

func TestReuseFromThePersonalStore(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit, cit2 := f.Users["citizen"], f.Users["citizen2"]
		scan := testdb.PDF("Giay to so hoa tai quay")
		counter := atCounter(t, f, "intake", testdb.Dept, cit.IDNumber)
		dig, err := st.Digitise(ctx, f.Users["intake"], counter.Code, "Tờ khai", []store.NewFile{{Name: "scan.pdf", Data: scan}})
		if err != nil {
			t.Fatal(err)
		}
		earlier := submitOnline(t, f, cit, []store.NewFile{{Document: "Tờ khai", Name: "to-khai.png", Data: samplePNG}}, nil)
		atCounter(t, f, "intake", testdb.Dept, "001090000001") // someone else's

		docs, err := st.PersonalDocuments(ctx, cit)
		if err != nil || len(docs) != 2 {
			t.Fatalf("citizen's store: %+v %v", docs, err)
		}
		byID := map[int64]store.StoredDocument{}
		for _, d := range docs {
			byID[d.ID] = d
		}
		if d := byID[dig[0].ID]; d.DossierCode != counter.Code || !d.IsDigitised() || d.UploaderName != "intake" {
			t.Fatalf("digitised paper in the store: %+v", d)
		}
		for _, who := range []string{"citizen2", "intake", "admin"} {
			if docs, err := st.PersonalDocuments(ctx, f.Users[who]); err != nil || len(docs) != 0 {
				t.Fatalf("%s's store: %+v %v", who, docs, err)
			}
		}
		if _, _, err := st.PersonalDocument(ctx, cit2, dig[0].ID); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen reads the paper: %v", err)
		}
		// The citizen does not own the counter dossier: the store still hands its paper over.
		if _, data, err := st.PersonalDocument(ctx, cit, dig[0].ID); err != nil || !bytes.Equal(data, scan) {
			t.Fatalf("own paper: %v", err)
		}

		draft, err := st.CreateDraft(ctx, cit, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		draft2, err := st.CreateDraft(ctx, cit2, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		pick := []store.ReusePick{{SourceFileID: dig[0].ID, Document: "Tờ khai"}}
		if _, err := st.ReuseInDraft(ctx, cit2, draft2.ID, pick); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen re-uses the paper: %v", err)
		}
		if _, err := st.ReuseInDraft(ctx, cit, draft2.ID, pick); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("re-use into another citizen's draft: %v", err)
		}
		if _, err := st.ReuseInDraft(ctx, cit, draft.ID, []store.ReusePick{{SourceFileID: 999999, Document: "Tờ khai"}}); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("re-use of no file: %v", err)
		}
		st.SetClock(func() time.Time { return testdb.At(9, 30) })
		copies, err := st.ReuseInDraft(ctx, cit, draft.ID, pick)
		if err != nil || len(copies) != 1 {
			t.Fatalf("re-use: %+v %v", copies, err)
		}
		c := copies[0]
		if c.ID == dig[0].ID || c.SHA256 != dig[0].SHA256 || c.DraftID != draft.ID || c.OwnerID != cit.ID || c.Purpose != store.PurposeSubmission || c.Document != "Tờ khai" {
			t.Fatalf("copy %+v of %+v", c, dig[0])
		}
		if _, data, _, err := st.FileContent(ctx, cit, c.ID); err != nil || !bytes.Equal(data, scan) {
			t.Fatalf("the copy's bytes: %v", err)
		}
		reuses, err := st.DraftReuses(ctx, cit, draft.ID)
		if err != nil || len(reuses) != 1 || reuses[0].SourceFileID != dig[0].ID || reuses[0].NewFileID != c.ID ||
			reuses[0].SourceDossier != counter.Code || reuses[0].ByUser != cit.ID || !reuses[0].At.Equal(testdb.At(9, 30)) {
			t.Fatalf("re-use record %+v %v", reuses, err)
		}
		if r, _ := st.DraftReuses(ctx, cit2, draft.ID); len(r) != 0 {
			t.Fatalf("another citizen sees the re-uses: %+v", r)
		}

		// A re-used copy is removed like an upload, its record with it.
		extra, err := st.ReuseInDraft(ctx, cit, draft.ID, []store.ReusePick{{SourceFileID: byID[dig[0].ID].ID, Document: "Tờ khai"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.RemoveDraftFile(ctx, cit, draft.ID, extra[0].ID); err != nil {
			t.Fatal(err)
		}
		if r, _ := st.DraftReuses(ctx, cit, draft.ID); len(r) != 1 {
			t.Fatalf("after removing a copy: %+v", r)
		}

		a := draft.Answers
		a.Applicant.Phone, a.UnitCode, a.ApplicantDone = "0912345678", testdb.Dept, true
		if err := st.SaveDraft(ctx, cit, draft.ID, a); err != nil {
			t.Fatal(err)
		}
		dos, err := st.SubmitDraft(ctx, cit, draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		view, err := st.DigitisationOf(ctx, f.Users["intake"], dos.Code)
		if err != nil || len(view.Reuses) != 1 || view.Reuses[0].NewFileID != c.ID || view.Reuses[0].SourceDossier != counter.Code {
			t.Fatalf("the dossier's re-uses %+v %v", view, err)
		}
		// The earlier online file is in the store once, though the new dossier holds no copy of it.
		docs, _ = st.PersonalDocuments(ctx, cit)
		if len(docs) != 2 {
			t.Fatalf("store after re-use (copies are the same document): %d", len(docs))
		}
		_ = earlier
	})
}

func TestDigitisationFigures(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		withMasterKey(t, st)
		cit := f.Users["citizen"]
		day := time.Date(2026, 3, 2, 0, 0, 0, 0, calendar.Zone)

		// At Dept: B digitised at the counter; A and C online (C re-uses B's paper); D paper only;
		// E with a signed result. At Other: F paper only. G online and never received: not counted.
		b := atCounter(t, f, "intake", testdb.Dept, cit.IDNumber)
		dig, err := st.Digitise(ctx, f.Users["intake"], b.Code, "Tờ khai", []store.NewFile{{Name: "b.pdf", Data: testdb.PDF("B")}})
		if err != nil {
			t.Fatal(err)
		}
		receive := func(d dossier.Dossier) {
			t.Helper()
			if _, err := st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.Receive, Version: d.Version}); err != nil {
				t.Fatal(err)
			}
		}
		receive(submitOnline(t, f, cit, []store.NewFile{{Document: "Tờ khai", Name: "a.pdf", Data: samplePDF}}, nil))
		receive(submitOnline(t, f, cit, nil, []store.ReusePick{{SourceFileID: dig[0].ID, Document: "Tờ khai"}}))
		atCounter(t, f, "intake", testdb.Dept, "001090000004")
		e := toStamp(t, f, "Lê Văn Ký", testdb.PDF("Ket qua"))
		if _, err := st.IssueLocal(ctx, pki.Organisation, testdb.Dept, 0, 3); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Act(ctx, f.Users["clerk"], e.Code, dossier.Request{Action: workflow.Forward, Version: e.Version}); err != nil {
			t.Fatal(err)
		}
		atCounter(t, f, "other.intake", testdb.Other, "001090000006")
		submitOnline(t, f, f.Users["citizen2"], []store.NewFile{{Document: "Tờ khai", Name: "g.pdf", Data: samplePDF}}, nil)

		fig, err := st.DigitisationFigures(ctx, f.Users["manager"], testdb.Dept, false, day, day.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		if fig.Received != 5 || fig.Digitised != 3 || fig.ElectronicResults != 1 || fig.Reused != 1 {
			t.Fatalf("Dept: %+v", fig)
		}
		if fig.Share(fig.Digitised) != 60 || fig.Share(fig.ElectronicResults) != 20 || fig.Share(fig.Reused) != 20 {
			t.Fatalf("Dept shares: %v %v %v", fig.Share(fig.Digitised), fig.Share(fig.ElectronicResults), fig.Share(fig.Reused))
		}
		// The province with the units under it: both departments; alone: none of them.
		prov, err := st.DigitisationFigures(ctx, f.Users["admin"], testdb.Province, true, day, day.AddDate(0, 0, 1))
		if err != nil || prov.Received != 6 || prov.Digitised != 3 || prov.ElectronicResults != 1 || prov.Reused != 1 {
			t.Fatalf("the province with its units: %+v %v", prov, err)
		}
		if alone, err := st.DigitisationFigures(ctx, f.Users["admin"], testdb.Province, false, day, day.AddDate(0, 0, 1)); err != nil || alone.Received != 0 {
			t.Fatalf("the province alone: %+v %v", alone, err)
		}
		all, err := st.DigitisationFigures(ctx, f.Users["admin"], "", false, day, day.AddDate(0, 0, 1))
		if err != nil || all.Received != 6 || all.Digitised != 3 || all.ElectronicResults != 1 || all.Reused != 1 ||
			all.Share(all.Digitised) != 50 || all.Share(all.Reused) != 16.7 {
			t.Fatalf("every unit: %+v %v", all, err)
		}
		if next, err := st.DigitisationFigures(ctx, f.Users["leader"], testdb.Dept, false, day.AddDate(0, 0, 1), day.AddDate(0, 0, 2)); err != nil ||
			next.Received != 0 || next.Share(next.Digitised) != 0 {
			t.Fatalf("the next day: %+v %v", next, err)
		}
		if other, err := st.DigitisationFigures(ctx, f.Users["admin"], testdb.Other, false, day, day.AddDate(0, 0, 1)); err != nil || other.Received != 1 || other.Digitised != 0 {
			t.Fatalf("Other: %+v %v", other, err)
		}
		// The province's leaders would see Dept's too; a unit's own manager sees only its own.
		for _, c := range []struct {
			who, unit, code string
		}{
			{"officer", testdb.Dept, motcua.EFORBIDDEN},
			{"intake", testdb.Dept, motcua.EFORBIDDEN},
			{"citizen", testdb.Dept, motcua.EFORBIDDEN},
			{"manager", "", motcua.EFORBIDDEN},
			{"manager", testdb.Other, motcua.EFORBIDDEN},
			{"manager", "no.such.unit", motcua.EINVALID},
		} {
			if _, err := st.DigitisationFigures(ctx, f.Users[c.who], c.unit, false, day, day.AddDate(0, 0, 1)); errCodeOf(err) != c.code {
				t.Fatalf("%s for %q: %v, want %s", c.who, c.unit, err, c.code)
			}
		}
		if _, err := st.DigitisationFigures(ctx, f.Users["admin"], "", false, day, day); errCodeOf(err) != motcua.EINVALID {
			t.Fatalf("an empty period: %v", err)
		}
	})
}

// Re-use reads and writes bytes through the store's one path, wherever they are kept: here a
// paper digitised before the blob store was set (in the database) is re-used after (in the folder).
func TestReuseAcrossBlobStorage(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit := f.Users["citizen"]
		scan := testdb.PDF("Giay to truoc khi co kho tep")
		d := atCounter(t, f, "intake", testdb.Dept, cit.IDNumber)
		dig, err := st.Digitise(ctx, f.Users["intake"], d.Code, "Tờ khai", []store.NewFile{{Name: "scan.pdf", Data: scan}})
		if err != nil {
			t.Fatal(err)
		}
		fs, err := blob.NewFS(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		st.SetBlobs(fs)
		draft, err := st.CreateDraft(ctx, cit, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		copies, err := st.ReuseInDraft(ctx, cit, draft.ID, []store.ReusePick{{SourceFileID: dig[0].ID, Document: "Tờ khai"}})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := fs.Get(ctx, dig[0].SHA256); err != nil || !bytes.Equal(got, scan) {
			t.Fatalf("the copy's blob: %v", err)
		}
		if _, data, _, err := st.FileContent(ctx, cit, copies[0].ID); err != nil || !bytes.Equal(data, scan) {
			t.Fatalf("the copy's bytes: %v", err)
		}
	})
}
