package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

var (
	samplePDF = append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 100)...)
	samplePNG = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 100)...)
)

func errCodeOf(err error) string {
	if err == nil {
		return ""
	}
	return motcua.ErrorCode(err)
}

func TestCitizenSignInCreatesOnceAndNeverOpensAnOfficer(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		u, created, err := st.CitizenSignIn(ctx, "001099000777", "Trần Thị Bình")
		if err != nil || !created || !u.Has(workflow.Citizen) || u.IDNumber != "001099000777" || u.FullName != "Trần Thị Bình" {
			t.Fatalf("first sign-in: %+v created=%v %v", u, created, err)
		}
		again, created, err := st.CitizenSignIn(ctx, "001099000777", "")
		if err != nil || created || again.ID != u.ID {
			t.Fatalf("second sign-in: %+v created=%v %v", again, created, err)
		}
		// The fixture citizen, linked by the ID number their account already has.
		c, created, err := st.CitizenSignIn(ctx, f.Users["citizen"].IDNumber, "x")
		if err != nil || created || c.ID != f.Users["citizen"].ID {
			t.Fatalf("existing citizen: %+v created=%v %v", c, created, err)
		}
		if _, err := st.Authenticate(ctx, u.Username, "!oidc"); err == nil {
			t.Fatal("an OIDC-only account accepts a password")
		}
		// An officer whose account carries an ID number is never signed in this way.
		_, err = st.AddUserHashed(ctx, user.User{Username: "officer.cccd", IDNumber: "001099000888",
			Roles: []user.RoleAt{{Role: workflow.IntakeOfficer, Unit: testdb.Dept}}}, "!")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.CitizenSignIn(ctx, "001099000888", ""); errCodeOf(err) != motcua.EFORBIDDEN {
			t.Fatalf("officer account via citizen sign-in: %v", err)
		}
		for _, bad := range []string{"", "a b", string(bytes.Repeat([]byte("1"), 65))} {
			if _, _, err := st.CitizenSignIn(ctx, bad, ""); errCodeOf(err) != motcua.EUNAUTHORIZED {
				t.Fatalf("ID number %q: %v", bad, err)
			}
		}
	})
}

func TestOIDCLoginStateWorksOnceAndExpires(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			now := testdb.At(9, 0)
			st.SetClock(func() time.Time { return now })
			l := store.OIDCLogin{Nonce: "n1", Verifier: "v1", Next: "/cong-dan/ho-so"}
			if err := st.StartOIDCLogin(ctx, "state-1", l); err != nil {
				t.Fatal(err)
			}
			if err := st.StartOIDCLogin(ctx, "state-2", l); err != nil {
				t.Fatal(err)
			}
			got, err := st.TakeOIDCLogin(ctx, "state-1")
			if err != nil || got != l {
				t.Fatalf("take: %+v %v", got, err)
			}
			if _, err := st.TakeOIDCLogin(ctx, "state-1"); errCodeOf(err) != motcua.EUNAUTHORIZED {
				t.Fatalf("state used twice: %v", err)
			}
			if _, err := st.TakeOIDCLogin(ctx, "nonsense"); errCodeOf(err) != motcua.EUNAUTHORIZED {
				t.Fatalf("unknown state: %v", err)
			}
			now = now.Add(store.OIDCLoginLifetime + time.Second)
			if _, err := st.TakeOIDCLogin(ctx, "state-2"); errCodeOf(err) != motcua.EUNAUTHORIZED {
				t.Fatalf("expired state: %v", err)
			}
		})
	}
}

func TestDraftSubmitAttachesFilesInOneTransaction(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit, cit2 := f.Users["citizen"], f.Users["citizen2"]
		if _, err := st.CreateDraft(ctx, f.Users["intake"], testdb.ProcCode); errCodeOf(err) != motcua.EFORBIDDEN {
			t.Fatalf("an officer starts a draft: %v", err)
		}
		d, err := st.CreateDraft(ctx, cit, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		if d.Answers.Case != "Công dân Việt Nam" || d.Answers.Applicant.IDNumber != cit.IDNumber || d.Answers.Applicant.Name != cit.FullName {
			t.Fatalf("prefill: %+v", d.Answers)
		}
		if _, err := st.SubmitDraft(ctx, cit, d.ID); errCodeOf(err) != motcua.EINVALID {
			t.Fatalf("submitted without the required document: %v", err)
		}
		a := d.Answers
		a.Applicant.Phone, a.UnitCode, a.ApplicantDone = "0912345678", testdb.Dept, true
		a.Applicant.IDNumber = "forged"
		if err := st.SaveDraft(ctx, cit, d.ID, a); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveDraft(ctx, cit2, d.ID, a); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen saves the draft: %v", err)
		}
		files, err := st.AddDraftFiles(ctx, cit, d.ID, []store.NewFile{
			{Document: "Tờ khai", Name: `C:\Users\an\to-khai.pdf`, Data: samplePDF},
			{Document: "Tờ khai", Name: "trang-2.png", Data: samplePNG},
		})
		if err != nil || len(files) != 2 || files[0].Name != "to-khai.pdf" || files[1].ContentType != "image/png" {
			t.Fatalf("add files: %+v %v", files, err)
		}
		if _, err := st.AddDraftFiles(ctx, cit2, d.ID, []store.NewFile{{Document: "Tờ khai", Name: "x.pdf", Data: samplePDF}}); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen adds a file: %v", err)
		}
		if _, err := st.Draft(ctx, cit2, d.ID); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen reads the draft: %v", err)
		}
		if _, _, _, err := st.FileContent(ctx, cit2, files[0].ID); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen reads a draft's file: %v", err)
		}
		if _, _, _, err := st.FileContent(ctx, f.Users["intake"], files[0].ID); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("an officer reads a draft's file: %v", err)
		}
		back, err := st.Draft(ctx, cit, d.ID)
		if err != nil || len(back.Files) != 2 || back.Answers.Applicant.IDNumber != cit.IDNumber {
			t.Fatalf("resume: %+v %v", back, err)
		}
		dos, err := st.SubmitDraft(ctx, cit, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if dos.Status != workflow.Submitted || dos.OwnerID != cit.ID || dos.Applicant.IDNumber != cit.IDNumber || dos.Summary != "Công dân Việt Nam" {
			t.Fatalf("dossier: %+v", dos)
		}
		if _, err := st.Draft(ctx, cit, d.ID); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("the draft outlives its submission: %v", err)
		}
		attached, err := st.DossierFiles(ctx, f.Users["intake"], dos.Code)
		if err != nil || len(attached) != 2 || attached[0].DossierID != dos.ID || attached[0].DraftID != 0 {
			t.Fatalf("attached: %+v %v", attached, err)
		}
		for _, who := range []string{"citizen", "intake", "officer"} {
			got, data, dc, err := st.FileContent(ctx, f.Users[who], files[1].ID)
			if err != nil || !bytes.Equal(data, samplePNG) || dc != dos.Code || got.Size != int64(len(samplePNG)) {
				t.Fatalf("%s reads the file: %v", who, err)
			}
		}
		for _, who := range []string{"citizen2", "other.officer", "admin"} {
			if _, _, _, err := st.FileContent(ctx, f.Users[who], files[1].ID); errCodeOf(err) != motcua.ENOTFOUND {
				t.Fatalf("%s reads the file: %v", who, err)
			}
			if _, err := st.DossierFiles(ctx, f.Users[who], dos.Code); errCodeOf(err) != motcua.ENOTFOUND {
				t.Fatalf("%s lists the files: %v", who, err)
			}
		}
	})
}

func TestUploadsAreCheckedByContentAndSize(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit := f.Users["citizen"]
		d, err := st.CreateDraft(ctx, cit, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		big := func(n int) []byte { return append(append([]byte{}, samplePDF...), make([]byte, n-len(samplePDF))...) }
		for _, c := range []struct {
			name  string
			files []store.NewFile
			key   string
		}{
			{"html named pdf", []store.NewFile{{Document: "Tờ khai", Name: "a.pdf", Data: []byte("<html>")}}, "file_type"},
			{"empty", []store.NewFile{{Document: "Tờ khai", Name: "a.pdf"}}, "file_empty"},
			{"11 MB", []store.NewFile{{Document: "Tờ khai", Name: "a.pdf", Data: big(store.MaxFileSize + 1)}}, "file_too_large"},
			{"no document", []store.NewFile{{Name: "a.pdf", Data: samplePDF}}, "file_document"},
			{"six of 9 MB", func() []store.NewFile {
				var fs []store.NewFile
				for range 6 {
					fs = append(fs, store.NewFile{Document: "Tờ khai", Name: "s.pdf", Data: big(9 << 20)})
				}
				return fs
			}(), "files_too_large"},
		} {
			_, err := st.AddDraftFiles(ctx, cit, d.ID, c.files)
			var me *motcua.Error
			if !errors.As(err, &me) || me.Key != c.key || me.Field == "" {
				t.Errorf("%s: %v, want %s", c.name, err, c.key)
			}
		}
		if back, _ := st.Draft(ctx, cit, d.ID); len(back.Files) != 0 {
			t.Fatalf("a refused upload left %d files", len(back.Files))
		}
		ok, err := st.AddDraftFiles(ctx, cit, d.ID, []store.NewFile{{Document: "Tờ khai", Name: "ok.pdf", Data: samplePDF}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.RemoveDraftFile(ctx, f.Users["citizen2"], d.ID, ok[0].ID); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen removes a file: %v", err)
		}
		if err := st.RemoveDraftFile(ctx, cit, d.ID, ok[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteDraft(ctx, f.Users["citizen2"], d.ID); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen deletes the draft: %v", err)
		}
		if err := st.DeleteDraft(ctx, cit, d.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAnswerSupplementAttachesFilesWithTheAction(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit := f.Users["citizen"]
		d, err := st.CreateDraft(ctx, cit, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		a := d.Answers
		a.UnitCode = testdb.Dept
		if err := st.SaveDraft(ctx, cit, d.ID, a); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddDraftFiles(ctx, cit, d.ID, []store.NewFile{{Document: "Tờ khai", Name: "a.pdf", Data: samplePDF}}); err != nil {
			t.Fatal(err)
		}
		dos, err := st.SubmitDraft(ctx, cit, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		dos, err = st.Act(ctx, f.Users["intake"], dos.Code, dossier.Request{Action: workflow.RequestSupplement,
			Version: dos.Version, Reason: "Thiếu trang 2 của tờ khai"})
		if err != nil {
			t.Fatal(err)
		}
		add := []store.NewFile{{Document: "Bổ sung", Name: "trang-2.png", Data: samplePNG}}
		if _, err := st.AnswerSupplement(ctx, f.Users["citizen2"], dos.Code, dos.Version, "", add); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("another citizen answers: %v", err)
		}
		if _, err := st.AnswerSupplement(ctx, cit, dos.Code, dos.Version-1, "", add); errCodeOf(err) != motcua.ECONFLICT {
			t.Fatalf("stale version: %v", err)
		}
		if files, _ := st.DossierFiles(ctx, cit, dos.Code); len(files) != 1 {
			t.Fatalf("a refused answer left files: %d", len(files))
		}
		after, err := st.AnswerSupplement(ctx, cit, dos.Code, dos.Version, "Đã bổ sung trang 2", add)
		if err != nil {
			t.Fatal(err)
		}
		if after.Status != workflow.Submitted {
			t.Fatalf("status after the answer: %d", after.Status)
		}
		files, err := st.DossierFiles(ctx, cit, dos.Code)
		if err != nil || len(files) != 2 || files[1].Purpose != store.PurposeSupplement {
			t.Fatalf("files: %+v %v", files, err)
		}
	})
}
