package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

func withMasterKey(t *testing.T, st *store.Store) {
	t.Helper()
	k, err := pki.DeriveMasterKey([]byte("test key secret, 32 bytes long.."))
	if err != nil {
		t.Fatal(err)
	}
	st.SetMasterKey(k)
}

// toStamp takes a counter dossier to the stamp step with a result PDF uploaded at appraisal.
func toStamp(t *testing.T, f testdb.Fixture, name string, result []byte) dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	st := f.Store
	d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier(name))
	if err != nil {
		t.Fatal(err)
	}
	step := func(who string) {
		t.Helper()
		if d, err = st.Act(ctx, f.Users[who], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
			t.Fatalf("forward by %s: %v", who, err)
		}
	}
	step("intake")
	if result != nil {
		if _, err := st.AddResult(ctx, f.Users["officer"], d.Code, store.NewFile{Name: "ket-qua.pdf", Data: result}); err != nil {
			t.Fatal(err)
		}
	}
	step("officer")
	step("leader")
	if d.StepKey != "stamp" {
		t.Fatalf("at step %q, want stamp", d.StepKey)
	}
	return d
}

func signedResult(t *testing.T, f testdb.Fixture, code string) (store.File, []byte) {
	t.Helper()
	files, err := f.Store.DossierFiles(context.Background(), f.Users["intake"], code)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(files) - 1; i >= 0; i-- {
		if files[i].Purpose == store.PurposeResultSigned {
			_, data, _, err := f.Store.FileContent(context.Background(), f.Users["intake"], files[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			return files[i], data
		}
	}
	t.Fatal("no signed result")
	return store.File{}, nil
}

func TestStampStepSignsTheResult(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		withMasterKey(t, st)
		result := testdb.PDF("Ket qua giai quyet ho so")

		// No seal for the unit: the stamp step cannot be completed, and nothing changes.
		d := toStamp(t, f, "Lê Văn Dấu", result)
		_, err := st.Act(ctx, f.Users["clerk"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version})
		if motcua.ErrorCode(err) != motcua.ECONFLICT || errKey(err) != "no_certificate" {
			t.Fatalf("stamp without a seal: %v", err)
		}
		if after, _ := st.Dossier(ctx, f.Users["clerk"], d.Code); after.Version != d.Version {
			t.Fatal("a refused stamp changed the dossier")
		}

		seal, err := st.IssueLocal(ctx, pki.Organisation, testdb.Dept, 0, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !seal.HasKey || seal.UnitCode != testdb.Dept || pki.UnitCode(seal.Cert) != testdb.Dept {
			t.Fatalf("seal %+v", seal)
		}
		done, err := st.Act(ctx, f.Users["clerk"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version})
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != workflow.Done {
			t.Fatalf("status %d after stamping", done.Status)
		}
		ev := done.History[len(done.History)-1]
		if ev.Payload["certificate"] != seal.Serial || ev.Payload["signature"] != "organisation" {
			t.Fatalf("stamp event payload %v", ev.Payload)
		}
		file, signed := signedResult(t, f, d.Code)
		if !bytes.HasPrefix(signed, result) || file.Name != "ket-qua (đã ký).pdf" {
			t.Fatalf("signed result %q is not an incremental update of the upload", file.Name)
		}

		v, err := st.VerifyDocument(ctx, signed)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != store.VerifyValid || v.DossierCode != d.Code || len(v.Signatures) != 1 {
			t.Fatalf("verification %+v", v)
		}
		sig := v.Signatures[0]
		if sig.UnitCode != testdb.Dept || sig.UnitName == "" || sig.Kind != pki.Organisation || !sig.Recorded || sig.Serial != seal.Serial {
			t.Fatalf("signature %+v", sig)
		}

		tampered := bytes.Clone(signed)
		tampered[bytes.Index(tampered, []byte("Ket qua"))] = 'X'
		if v, _ := st.VerifyDocument(ctx, tampered); v.Status != store.VerifyInvalid || v.Problem != "modified" {
			t.Fatalf("tampered: %+v", v)
		}
		if v, _ := st.VerifyDocument(ctx, result); v.Status != store.VerifyInvalid || v.Problem != "not_signed" {
			t.Fatalf("unsigned: %+v", v)
		}
		if v, _ := st.VerifyDocument(ctx, []byte("not a pdf")); v.Status != store.VerifyInvalid {
			t.Fatalf("garbage: %+v", v)
		}

		// Returned online: the event names the signed result handed over.
		returned, err := st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.ReturnResult, Version: done.Version, How: "online"})
		if err != nil {
			t.Fatal(err)
		}
		if ev := returned.History[len(returned.History)-1]; ev.Payload["how"] != "online" || fmt.Sprint(ev.Payload["result_file"]) != fmt.Sprint(file.ID) || ev.ActorID != f.Users["intake"].ID {
			t.Fatalf("return event %+v", ev)
		}

		// A dossier without an electronic result passes the stamp step unsigned (paper), and
		// cannot be returned online; by post it needs the tracking number.
		paper := toStamp(t, f, "Phạm Văn Giấy", nil)
		paper, err = st.Act(ctx, f.Users["clerk"], paper.Code, dossier.Request{Action: workflow.Forward, Version: paper.Version})
		if err != nil {
			t.Fatalf("paper result: %v", err)
		}
		if _, err := st.Act(ctx, f.Users["intake"], paper.Code, dossier.Request{Action: workflow.ReturnResult, Version: paper.Version, How: "online"}); errKey(err) != "no_electronic_result" {
			t.Fatalf("online return of a paper result: %v", err)
		}
		if _, err := st.Act(ctx, f.Users["intake"], paper.Code, dossier.Request{Action: workflow.ReturnResult, Version: paper.Version, How: "post"}); errKey(err) != "required" {
			t.Fatalf("post without a tracking number: %v", err)
		}
		posted, err := st.Act(ctx, f.Users["intake"], paper.Code, dossier.Request{Action: workflow.ReturnResult, Version: paper.Version, How: "post", PostalTracking: "EB123456789VN"})
		if err != nil {
			t.Fatal(err)
		}
		if ev := posted.History[len(posted.History)-1]; ev.Payload["postal_tracking"] != "EB123456789VN" || posted.ReturnMethod != "post" || posted.ReturnedAt == nil {
			t.Fatalf("returned by post: %+v", ev)
		}
	})
}

// TestRevocation checks that a signature made before its certificate was revoked stays valid,
// one made after is reported revoked, and motcua signs nothing more with a revoked seal.
func TestRevocation(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		withMasterKey(t, st)
		now := st.Now()
		ca, err := pki.NewAuthority("CA tỉnh thử nghiệm", now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddCertificate(ctx, pki.Authority, "", 0, pki.Issued{Cert: ca.Cert}); err != nil {
			t.Fatal(err)
		}
		sealKey, err := ca.Issue(pki.Organisation, pki.Holder{Name: "Sở Tư pháp", UnitCode: testdb.Dept}, now, 2)
		if err != nil {
			t.Fatal(err)
		}
		seal, err := st.AddCertificate(ctx, pki.Organisation, testdb.Dept, 0, sealKey)
		if err != nil {
			t.Fatal(err)
		}
		// The same certificate twice, or for another unit, is refused.
		if _, err := st.AddCertificate(ctx, pki.Organisation, testdb.Dept, 0, sealKey); errKey(err) != "certificate_exists" {
			t.Fatalf("twice: %v", err)
		}
		if _, err := st.AddCertificate(ctx, pki.Organisation, testdb.Other, 0, sealKey); errKey(err) != "unit_mismatch" {
			t.Fatalf("another unit's: %v", err)
		}

		d := toStamp(t, f, "Nguyễn Thu Hồi", testdb.PDF("Ket qua truoc thu hoi"))
		if _, err := st.Act(ctx, f.Users["clerk"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
			t.Fatal(err)
		}
		_, before := signedResult(t, f, d.Code)

		st.SetClock(func() time.Time { return testdb.At(9, 0) }) // the revocation comes an hour later
		if err := st.RevokeCertificate(ctx, seal.Serial, ""); errKey(err) != "required" {
			t.Fatalf("revocation without a reason: %v", err)
		}
		if err := st.RevokeCertificate(ctx, seal.Serial, "Lộ khóa bí mật"); err != nil {
			t.Fatal(err)
		}
		if v, _ := st.VerifyDocument(ctx, before); v.Status != store.VerifyValid || v.Signatures[0].RevokedAt == nil {
			t.Fatalf("signed before the revocation: %+v", v)
		}
		// Signed with the (stolen) key outside motcua, after the revocation or backdated to
		// before it: only motcua's own record proves a signature predates a revocation.
		for _, at := range []time.Time{now.Add(2 * time.Hour), now.Add(-30 * time.Minute)} {
			forged, err := signing.Sign(signing.Request{PDF: testdb.PDF("Gia mao"), Signer: sealKey, Name: "Sở Tư pháp",
				Reason: "Đóng dấu", At: at})
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := st.VerifyDocument(ctx, forged); v.Status != store.VerifyRevoked {
				t.Fatalf("signed with a revoked certificate, claiming %s: %+v", at, v)
			}
		}
		// motcua no longer stamps with it.
		d2 := toStamp(t, f, "Trần Văn Sau", testdb.PDF("Ket qua sau thu hoi"))
		if _, err := st.Act(ctx, f.Users["clerk"], d2.Code, dossier.Request{Action: workflow.Forward, Version: d2.Version}); errKey(err) != "no_certificate" {
			t.Fatalf("stamp with a revoked seal: %v", err)
		}
	})
}

func TestCertificatesNeedTheMasterKey(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		if _, err := f.Store.IssueLocal(context.Background(), pki.Organisation, testdb.Dept, 0, 1); errKey(err) != "no_key_secret" {
			t.Fatalf("issue without a master key: %v", err)
		}
	})
}

// TestApprovalSignsWithThePersonalCertificate: a process whose approval step signs with the
// leader's own certificate, then the stamp step with the unit's seal: the result carries both
// signatures, in that order, and verifies.
func TestApprovalSignsWithThePersonalCertificate(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		withMasterKey(t, st)
		p, err := st.Procedure(ctx, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		tpl := catalog.DefaultTemplate(16)
		tpl.Steps[2].Sign = catalog.SignPersonal // approve
		p.Template = &tpl
		if _, err := st.PutProcedures(ctx, []catalog.Procedure{p}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.IssueLocal(ctx, pki.Organisation, testdb.Dept, 0, 3); err != nil {
			t.Fatal(err)
		}
		d := toStampAfterApproval(t, f, "Hai Chữ Ký", testdb.PDF("Ket qua hai chu ky"))
		if d.Status != workflow.Processing || d.StepKey != "approve" {
			t.Fatalf("at %s", d.StepKey)
		}
		// The leader has no personal certificate yet: the approval cannot be completed.
		if _, err := st.Act(ctx, f.Users["leader"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); errKey(err) != "no_certificate" {
			t.Fatalf("approval without a personal certificate: %v", err)
		}
		personal, err := st.IssueLocal(ctx, pki.Personal, testdb.Dept, f.Users["leader"].ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if d, err = st.Act(ctx, f.Users["leader"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
			t.Fatal(err)
		}
		if d, err = st.Act(ctx, f.Users["clerk"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
			t.Fatal(err)
		}
		_, signed := signedResult(t, f, d.Code)
		v, err := st.VerifyDocument(ctx, signed)
		if err != nil || v.Status != store.VerifyValid || len(v.Signatures) != 2 {
			t.Fatalf("verification %+v %v", v, err)
		}
		kinds := map[pki.Kind]string{}
		for _, s := range v.Signatures {
			kinds[s.Kind] = s.Serial
		}
		if kinds[pki.Personal] != personal.Serial || kinds[pki.Organisation] == "" {
			t.Fatalf("signatures %+v", v.Signatures)
		}
	})
}

// toStampAfterApproval takes a counter dossier to the approval step with a result uploaded.
func toStampAfterApproval(t *testing.T, f testdb.Fixture, name string, result []byte) dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	d, err := f.Store.CreateDossier(ctx, f.Users["intake"], counterDossier(name))
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"intake", "officer"} {
		if who == "officer" {
			if _, err := f.Store.AddResult(ctx, f.Users["officer"], d.Code, store.NewFile{Name: "kq.pdf", Data: result}); err != nil {
				t.Fatal(err)
			}
		}
		if d, err = f.Store.Act(ctx, f.Users[who], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}
